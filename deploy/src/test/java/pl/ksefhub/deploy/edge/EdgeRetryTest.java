package pl.ksefhub.deploy.edge;

import static org.awaitility.Awaitility.await;
import pl.ksefhub.platform.shutdown.NotProcessed;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;
import pl.ksefhub.deploy.Ports;
import pl.ksefhub.deploy.services.Service;

/**
 * The edge in front of a service that restarts: what the service cannot have processed is sent again, whatever the
 * method; what it may have processed is sent again only for idempotent methods.
 */
class EdgeRetryTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String POST_PATH = "/v2/auth/ksef-token";

    private Vertx vertx;
    private int upstreamPort;
    private EdgeProxy edge;
    /** The bodies of the requests the upstream saw, in order. */
    private final List<String> seen = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        upstreamPort = Ports.free();
    }

    @AfterEach
    void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private void edge(Duration retryFor) {
        edge = EdgeProxy.start(vertx, "127.0.0.1", 0, Map.of(Service.SESSION, upstreamPort),
                new Retries(retryFor, 1024 * 1024));
    }

    /** The upstream, on its port; {@code handler} gets each request with its body and its number (from 1). */
    private void upstream(Handler handler) throws Exception {
        listen(handler).toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    /** The service starting {@code millis} from now, as after a restart: until then every connection is refused. */
    private void upstreamIn(long millis, Handler handler) {
        vertx.setTimer(millis, timer -> listen(handler));
    }

    private Future<HttpServer> listen(Handler handler) {
        return vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            seen.add(body.toString());
            handler.handle(request, body, seen.size());
        })).listen(upstreamPort, "127.0.0.1");
    }

    private interface Handler {
        void handle(HttpServerRequest request, Buffer body, int number);
    }

    private static final Handler ACCEPTS = (request, body, number) -> request.response().setStatusCode(202)
            .putHeader("Content-Type", "application/json")
            .end(new JsonObject().put("number", number).put("body", body.toString()).encode());

    private CompletableFuture<HttpResponse<String>> postAsync(String body) {
        return CLIENT.sendAsync(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + POST_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String body) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + POST_PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aPostToAServiceThatIsStillStartingReachesItOnceItListens() throws Exception {
        edge(Duration.ofSeconds(10));
        upstreamIn(800, ACCEPTS);

        long start = System.nanoTime();
        HttpResponse<String> response = post("{\"n\":1}");

        assertEquals(202, response.statusCode(), response.body());
        assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(800));
        assertEquals(List.of("{\"n\":1}"), seen, "delivered once, with its body");
    }

    @Test
    void aStreamedBodyIsSentAgainWhileTheConnectionCannotBeOpened() throws Exception {
        edge(Duration.ofSeconds(10));
        byte[] payload = new byte[2 * 1024 * 1024];
        new Random(3).nextBytes(payload);
        upstreamIn(500, (request, body, number) -> request.response().setStatusCode(202).end(body));

        // Chunked, larger than what the edge keeps: streamed, and not a byte read before the connection opens.
        HttpResponse<byte[]> response = CLIENT.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + edge.port() + POST_PATH))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload))).build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertEquals(202, response.statusCode());
        assertArrayEquals(payload, response.body());
        assertEquals(1, seen.size());
    }

    @Test
    void aPostThatAStoppingServiceRefusedUnprocessedIsSentAgain() throws Exception {
        edge(Duration.ofSeconds(10));
        upstream((request, body, number) -> {
            if (number == 1) {
                request.response().setStatusCode(503).putHeader(NotProcessed.HEADER, NotProcessed.SHUTTING_DOWN)
                        .putHeader("Retry-After", "1").putHeader("Connection", "close").end("{}");
            } else {
                ACCEPTS.handle(request, body, number);
            }
        });

        HttpResponse<String> response = post("{\"n\":2}");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(2, new JsonObject(response.body()).getInteger("number"));
        assertEquals(List.of("{\"n\":2}", "{\"n\":2}"), seen);
    }

    @Test
    void aPostThatWasDeliveredAndThenLostItsConnectionIsNotSentAgain() throws Exception {
        edge(Duration.ofSeconds(10));
        upstream((request, body, number) -> request.connection().close());

        HttpResponse<String> response = post("{\"n\":3}");

        assertEquals(503, response.statusCode());
        assertTrue(response.headers().firstValue("Retry-After").isPresent(), response.headers().toString());
        assertEquals("session-service", new JsonObject(response.body()).getString("service"));
        assertEquals(List.of("{\"n\":3}"), seen, "the service may have acted on it: sent once only");
    }

    @Test
    void aPostSentWhileTheServiceRefusesEverythingIsSentAgainWhenItsServerClosesAsItComesIn() throws Exception {
        edge(Duration.ofSeconds(10));
        upstream((request, body, number) -> {
            if (number == 1) {
                request.response().setStatusCode(503).putHeader(NotProcessed.HEADER, NotProcessed.SHUTTING_DOWN)
                        .putHeader("Connection", "close").end("{}");
            } else if (number == 2) {
                request.connection().close(); // the stopping service's server closing
            } else {
                ACCEPTS.handle(request, body, number);
            }
        });

        HttpResponse<String> response = post("{\"n\":6}");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(3, seen.size(), "refused, dropped by the closing server, then taken");
    }

    @Test
    void aPostSentAfterTheServiceAnnouncedItsShutdownIsSentAgainWhenItsServerClosesAsItComesIn() throws Exception {
        edge(Duration.ofSeconds(10));
        upstream((request, body, number) -> {
            if (number == 2) {
                request.connection().close(); // handlers gone, socket still accepting: the drain has ended
            } else {
                // From SIGTERM on, a Quarkus service answers every request with Connection: close.
                request.response().putHeader("Connection", "close");
                ACCEPTS.handle(request, body, number);
            }
        });

        assertEquals(202, post("{\"n\":7}").statusCode());
        HttpResponse<String> response = post("{\"n\":8}");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of("{\"n\":7}", "{\"n\":8}", "{\"n\":8}"), seen);
    }

    @Test
    void onceAStopIsSeenNoConnectionOpenedBeforeItIsWrittenIntoAgain() throws Exception {
        edge(Duration.ofSeconds(10));
        List<HttpConnection> connections = new CopyOnWriteArrayList<>();
        upstream((request, body, number) -> {
            connections.add(request.connection());
            if (number <= 2) {
                // Two at once: two connections, both back in the edge's pool afterwards.
                vertx.setTimer(200, timer -> ACCEPTS.handle(request, body, number));
            } else if (number == 3) {
                request.response().putHeader("Connection", "close");
                ACCEPTS.handle(request, body, number);
            } else {
                ACCEPTS.handle(request, body, number);
            }
        });

        CompletableFuture<HttpResponse<String>> first = postAsync("{\"n\":10}");
        CompletableFuture<HttpResponse<String>> second = postAsync("{\"n\":11}");
        assertEquals(202, first.get(5, TimeUnit.SECONDS).statusCode());
        assertEquals(202, second.get(5, TimeUnit.SECONDS).statusCode());
        assertEquals(2, Set.copyOf(connections).size(), "two connections pooled");
        assertEquals(202, post("{\"n\":12}").statusCode()); // the stop: Connection: close
        assertEquals(202, post("{\"n\":13}").statusCode());

        assertTrue(!connections.subList(0, 3).contains(connections.get(3)),
                "the pooled connection the stopping service would close with the drain was not reused");
    }

    @Test
    void anAnswerToARequestInFlightWhenTheStopBeganDoesNotEndIt() throws Exception {
        edge(Duration.ofSeconds(10));
        upstream((request, body, number) -> {
            if (number == 1) {
                // In flight at SIGTERM: answered by the drain, without Connection: close (an old Quarkus answer).
                vertx.setTimer(400, timer -> ACCEPTS.handle(request, body, number));
            } else if (number == 2) {
                request.response().putHeader("Connection", "close");
                ACCEPTS.handle(request, body, number);
            } else if (number == 3) {
                request.connection().close(); // the drain has ended: the server closes as the request comes in
            } else {
                ACCEPTS.handle(request, body, number);
            }
        });

        CompletableFuture<HttpResponse<String>> inFlight = postAsync("{\"n\":20}");
        await().atMost(Duration.ofSeconds(5)).until(() -> seen.size() == 1);
        assertEquals(202, post("{\"n\":21}").statusCode());
        assertEquals(202, inFlight.get(5, TimeUnit.SECONDS).statusCode());
        HttpResponse<String> dropped = post("{\"n\":22}");

        assertEquals(202, dropped.statusCode(), dropped.body());
        assertEquals(List.of("{\"n\":20}", "{\"n\":21}", "{\"n\":22}", "{\"n\":22}"), seen);
    }

    @Test
    void aPostARunningServiceRefusedUnprocessedIsSentAgainOnTheSameConnection() throws Exception {
        edge(Duration.ofSeconds(10));
        List<HttpConnection> connections = new CopyOnWriteArrayList<>();
        upstream((request, body, number) -> {
            connections.add(request.connection());
            if (number == 1) {
                // invoice-service before it has heard of a session just opened: not a stop.
                request.response().setStatusCode(503).putHeader(NotProcessed.HEADER, "session-not-known-yet")
                        .putHeader("Retry-After", "2").end("{}");
            } else {
                ACCEPTS.handle(request, body, number);
            }
        });

        HttpResponse<String> response = post("{\"n\":30}");

        assertEquals(202, response.statusCode(), response.body());
        assertEquals(List.of("{\"n\":30}", "{\"n\":30}"), seen);
        assertEquals(1, Set.copyOf(connections).size(), "the service is not stopping: its connection is reused");
    }

    @Test
    void anIdempotentRequestThatLostItsConnectionIsSentAgain() throws Exception {
        edge(Duration.ofSeconds(10));
        upstream((request, body, number) -> {
            if (number == 1) {
                request.connection().close();
            } else {
                ACCEPTS.handle(request, body, number);
            }
        });

        for (String method : List.of("GET", "DELETE")) {
            seen.clear();
            HttpResponse<String> response = CLIENT.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + edge.port() + "/v2/tokens/abc"))
                    .method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), method + " " + response.body());
        }
        assertEquals(2, seen.size(), "the DELETE went once, after the GET needed two");
    }

    @Test
    void aServiceDownForLongerThanTheRetriesGets503WithRetryAfter() throws Exception {
        edge(Duration.ofMillis(400));

        long start = System.nanoTime();
        HttpResponse<String> response = post("{\"n\":4}");
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertEquals(503, response.statusCode());
        assertEquals(EdgeProxy.RETRY_AFTER_SECONDS, response.headers().firstValue("Retry-After").orElseThrow());
        JsonObject body = new JsonObject(response.body());
        assertTrue(body.getString("detail").contains("not reachable"), body.encode());
        assertTrue(body.getString("detail").contains("attempts"), body.encode());
        assertTrue(tookMillis >= 200 && tookMillis < 5000, tookMillis + " ms");
    }

    @Test
    void withoutRetriesAnUnreachableServiceAnswers503AtOnce() throws Exception {
        edge(Duration.ZERO);

        HttpResponse<String> response = post("{\"n\":5}");

        assertEquals(503, response.statusCode());
        assertTrue(!new JsonObject(response.body()).getString("detail").contains("attempts"), response.body());
    }

    @Test
    void retriesAreReadFromTheEnvironment() {
        assertEquals(Retries.DEFAULT, Retries.fromEnvironment(Map.of()));
        assertEquals(new Retries(Duration.ofMillis(1500), 42),
                Retries.fromEnvironment(Map.of("KSEF_EDGE_RETRY_FOR", "1500ms", "KSEF_EDGE_RETRY_MAX_BODY", "42")));
        assertEquals(Duration.ofSeconds(7), Retries.fromEnvironment(Map.of("KSEF_EDGE_RETRY_FOR", "7")).retryFor());
        assertTrue(Retries.idempotent("PUT") && !Retries.idempotent("POST") && !Retries.idempotent("PATCH"));
    }
}

package pl.ksefhub.deploy.edge;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.json.JsonObject;
import pl.ksefhub.deploy.Ports;
import pl.ksefhub.deploy.services.Service;

/** The edge against a fake session-service on 127.0.0.1 (invoice-service is configured but down). */
class EdgeProxyTest {

    private static Vertx vertx;
    private static HttpServer upstream;
    private static EdgeProxy edge;
    private static Path accessLog;
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @BeforeAll
    static void start() throws Exception {
        vertx = Vertx.vertx();
        upstream = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            if (request.path().endsWith("/no-content")) {
                request.response().setStatusCode(204).putHeader("X-Upstream", "yes").end();
                return;
            }
            if (request.path().endsWith("/echo-bytes")) {
                request.response().putHeader("Content-Type", "application/octet-stream").setChunked(true);
                request.response().end(body);
                return;
            }
            JsonObject echo = new JsonObject()
                    .put("method", request.method().name())
                    .put("uri", request.uri())
                    .put("host", request.getHeader("Host"))
                    .put("forwardedHost", request.getHeader("X-Forwarded-Host"))
                    .put("forwardedPort", request.getHeader("X-Forwarded-Port"))
                    .put("forwardedFor", String.join(",", request.headers().getAll("X-Forwarded-For")))
                    .put("custom", request.getHeader("X-Custom"))
                    .put("traceparent", request.getHeader("traceparent"))
                    .put("authorization", request.getHeader("Authorization"))
                    .put("body", body.toString());
            request.response().setStatusCode(202).putHeader("Content-Type", "application/json")
                    .putHeader("X-Upstream", "session").end(echo.encode());
        })).listen(0, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        // Without sending again (EdgeRetryTest): a service that is down answers 503 at once.
        accessLog = Files.createTempDirectory("edge-access-").resolve("logs/edge-access.log");
        edge = EdgeProxy.start(vertx, "127.0.0.1", 0, Map.of(
                Service.SESSION, upstream.actualPort(),
                Service.INVOICE, Ports.free()), new Retries(Duration.ZERO, Retries.DEFAULT.maxBufferedBody()),
                EdgeAccessLog.toFile(accessLog, true));
    }

    @AfterAll
    static void stop() throws Exception {
        edge.close();
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI edge(String pathAndQuery) {
        return URI.create("http://localhost:" + edge.port() + pathAndQuery);
    }

    @Test
    void forwardsMethodHeadersBodyAndQueryAndRewritesApiV2() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/api/v2/auth/ksef-token?a=1&b=%C5%BC"))
                .header("X-Custom", "kept")
                .header("X-Forwarded-For", "203.0.113.9")
                .header("Authorization", "Bearer abc")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"challenge\":\"x\"}")));

        assertEquals(202, response.statusCode());
        assertEquals("session", response.headers().firstValue("X-Upstream").orElseThrow());
        JsonObject echo = new JsonObject(response.body());
        assertEquals("POST", echo.getString("method"));
        assertEquals("/v2/auth/ksef-token?a=1&b=%C5%BC", echo.getString("uri"));
        assertEquals("kept", echo.getString("custom"));
        assertEquals("Bearer abc", echo.getString("authorization"));
        assertEquals("{\"challenge\":\"x\"}", echo.getString("body"));
        assertEquals("localhost:" + edge.port(), echo.getString("host"), "the client's Host");
        assertEquals("localhost:" + edge.port(), echo.getString("forwardedHost"));
        assertEquals(String.valueOf(edge.port()), echo.getString("forwardedPort"),
                "a service that rebuilds its Host from the forwarded headers keeps the client's port");
        assertEquals("127.0.0.1", echo.getString("forwardedFor"), "a client's own X-Forwarded-For is not trusted");
    }

    @Test
    void startsATraceForARequestWithoutOneAndLogsItsLine() throws Exception {
        String path = "/v2/sessions/" + UUID.randomUUID();
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge(path)).GET());

        assertEquals(202, response.statusCode());
        String traceparent = new JsonObject(response.body()).getString("traceparent");
        assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), traceparent);
        JsonObject line = awaitLine(path);
        assertEquals("GET", line.getString("method"));
        assertEquals(202, line.getInteger("status"));
        assertEquals("session-service", line.getString("upstream"));
        assertEquals(traceparent, line.getString("traceparent"));
        assertEquals(traceparent.substring(3, 35), line.getString("traceId"));
        assertTrue(line.getLong("durationMs") >= 0);
    }

    @Test
    void keepsTheClientsTraceparentAndLogsWhatTheEdgeAnsweredItself() throws Exception {
        String client = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/v2/sessions/kept")).header("traceparent",
                client).GET());
        assertEquals(client, new JsonObject(response.body()).getString("traceparent"));
        assertEquals(client, awaitLine("/v2/sessions/kept").getString("traceparent"));

        String unrouted = "/nowhere/" + UUID.randomUUID();
        assertEquals(404, send(HttpRequest.newBuilder(edge(unrouted)).header("traceparent",
                "00-00000000000000000000000000000000-00f067aa0ba902b7-01").GET()).statusCode());
        JsonObject line = awaitLine(unrouted);
        assertEquals(404, line.getInteger("status"));
        assertEquals("-", line.getString("upstream"));
        assertTrue(line.getString("traceId").matches("[0-9a-f]{32}") && !line.getString("traceId").equals(
                "0".repeat(32)), "an invalid traceparent is replaced: " + line);
    }

    /** The access-log line of the one request to this path (written when the response has ended). */
    private static JsonObject awaitLine(String path) {
        return await().atMost(Duration.ofSeconds(5)).until(() -> Files.readAllLines(accessLog).stream()
                .map(JsonObject::new).filter(line -> path.equals(line.getString("path"))).findFirst()
                .orElse(null), java.util.Objects::nonNull);
    }

    @Test
    void forwardsAGetWithoutBody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/v2/sessions?pageSize=10")).GET());

        assertEquals(202, response.statusCode());
        JsonObject echo = new JsonObject(response.body());
        assertEquals("GET", echo.getString("method"));
        assertEquals("/v2/sessions?pageSize=10", echo.getString("uri"));
        assertEquals("", echo.getString("body"));
    }

    @Test
    void streamsLargeBodiesBothWaysUnchanged() throws Exception {
        byte[] payload = new byte[3 * 1024 * 1024];
        new Random(7).nextBytes(payload);
        // A body of unknown length goes upstream chunked.
        HttpRequest request = HttpRequest.newBuilder(edge("/v2/testdata/echo-bytes"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(payload)))
                .build();

        HttpResponse<InputStream> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofInputStream());

        assertEquals(200, response.statusCode());
        try (InputStream body = response.body()) {
            assertArrayEquals(payload, body.readAllBytes());
        }
    }

    @Test
    void passesStatusWithoutBody() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/v2/tokens/no-content"))
                .DELETE());

        assertEquals(204, response.statusCode());
        assertEquals("yes", response.headers().firstValue("X-Upstream").orElseThrow());
        assertEquals("", response.body());
    }

    @Test
    void answers404JsonForUnknownPaths() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/v2/nothing/here")).GET());

        assertEquals(404, response.statusCode());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElseThrow());
        assertEquals(404, new JsonObject(response.body()).getInteger("status"));
    }

    @Test
    void answers503JsonWhenTheServiceIsDown() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/v2/invoices/query/metadata"))
                .POST(HttpRequest.BodyPublishers.ofString("{}")));

        assertEquals(503, response.statusCode());
        JsonObject body = new JsonObject(response.body());
        assertEquals("invoice-service", body.getString("service"));
        assertTrue(body.getString("detail").contains("not reachable"), body.encode());
    }

    @Test
    void answers503JsonWhenTheServiceIsNotPartOfTheStack() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/storage/upo/abc")).GET());

        assertEquals(503, response.statusCode());
        assertEquals("upo-service", new JsonObject(response.body()).getString("service"));
    }

    @Test
    void keepsServingAfterManyRequestsOnPooledConnections() throws Exception {
        for (int i = 0; i < 200; i++) {
            HttpResponse<String> response = send(HttpRequest.newBuilder(edge("/v2/rate-limits?i=" + i)).GET());
            assertEquals(202, response.statusCode());
            assertEquals("/v2/rate-limits?i=" + i, new JsonObject(response.body()).getString("uri"));
        }
    }
}

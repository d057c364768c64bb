package pl.ksefhub.deploy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import pl.ksefhub.deploy.Ports;
import pl.ksefhub.deploy.services.Service;

/**
 * The edge in front of several instances of one service ({@link EdgeProxy#startBalancing}): requests take turns, an
 * instance seen stopping is passed over while a sibling serves, and a request one instance cannot take goes to the
 * other. {@code ScaleOutSystemIT} shows the same end to end; these show each rule alone, with plain upstreams that
 * say who they are.
 */
class EdgeBalancingTest {

    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final String PATH = "/v2/auth/ksef-token";

    private Vertx vertx;
    private EdgeProxy edge;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() throws Exception {
        if (edge != null) {
            edge.close();
        }
        vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    }

    @Test
    void requestsTakeTurnsAmongTheInstances() throws Exception {
        int a = instance("a", false);
        int b = instance("b", false);
        int c = instance("c", false);
        edge(List.of(a, b, c));

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 9; i++) {
            servedBy.add(post().body());
        }

        // Strict turns: every instance once in every three requests, in the same order each time.
        assertEquals(servedBy.subList(0, 3), servedBy.subList(3, 6), servedBy.toString());
        assertEquals(servedBy.subList(0, 3), servedBy.subList(6, 9), servedBy.toString());
        assertEquals(3, servedBy.subList(0, 3).stream().distinct().count(), servedBy.toString());
    }

    @Test
    void anInstanceSeenStoppingIsPassedOverWhileItsSiblingServes() throws Exception {
        // "a" answers as a ksef-hub service does from SIGTERM on: it still answers, with Connection: close.
        int a = instance("a", true);
        int b = instance("b", false);
        edge(List.of(a, b));

        List<String> servedBy = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            HttpResponse<String> response = post();
            assertEquals(200, response.statusCode(), response.body());
            servedBy.add(response.body());
        }

        // Once seen leaving (at most its first turn), "a" gets no more requests: "b" takes every one after it.
        int firstOfA = servedBy.indexOf("a");
        assertTrue(firstOfA <= 1, servedBy.toString());
        assertEquals(1, servedBy.stream().filter("a"::equals).count(), servedBy.toString());
        assertTrue(servedBy.subList(firstOfA + 1, servedBy.size()).stream().allMatch("b"::equals),
                servedBy.toString());
    }

    @Test
    void aRequestAnInstanceCannotTakeGoesToItsSibling() throws Exception {
        // Nothing listens on the first port (an instance gone); the edge must not wait for it to come back.
        int gone = Ports.free();
        int b = instance("b", false);
        edge(List.of(gone, b));

        for (int i = 0; i < 4; i++) {
            long started = System.nanoTime();
            HttpResponse<String> response = post();
            assertEquals(200, response.statusCode(), response.body());
            assertEquals("b", response.body());
            // One back-off (50 ms) at most before the sibling, never the 10 s the edge may retry for.
            assertTrue(System.nanoTime() - started < TimeUnit.SECONDS.toNanos(3), "request " + i);
        }
    }

    private void edge(List<Integer> instancePorts) {
        edge = EdgeProxy.startBalancing(vertx, "127.0.0.1", 0, Map.of(Service.SESSION, instancePorts),
                new Retries(Duration.ofSeconds(10), 1024 * 1024), EdgeAccessLog.NONE);
    }

    /** An upstream that answers every request with its name; {@code leaving}: as one that is stopping. */
    private int instance(String name, boolean leaving) throws Exception {
        int port = Ports.free();
        HttpServer server = vertx.createHttpServer().requestHandler(request -> request.body().onSuccess(body -> {
            var response = request.response().setStatusCode(200).putHeader("Content-Type", "text/plain");
            if (leaving) {
                response.putHeader("Connection", "close");
            }
            response.end(name);
        }));
        server.listen(port, "127.0.0.1").toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        return port;
    }

    private HttpResponse<String> post() throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + PATH))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
    }
}

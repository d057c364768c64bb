package pl.ksefhub.invoice.flow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceDatabase;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A thousand invoices from concurrent clients all reach 200 and their {@code invoice.accepted} event, none lost and
 * none twice. It prints the end-to-end rate (the clock stops when the last {@code invoice.accepted} has been
 * acknowledged by Kafka: the outbox row is marked sent only after the ack) but asserts no speed: rates belong to
 * {@code bin/benchmark}, and a timed assertion only flakes on a shared machine.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class ThroughputIT {

    private static final int SESSIONS = 10;
    private static final int PER_SESSION = 100;
    private static final int CLIENTS = 8;

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformKeys keys;

    @TestHTTPResource("/")
    URI base;

    @Test
    void concurrentInvoicesAllFlowEndToEndOnce() throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .executor(Executors.newFixedThreadPool(CLIENTS)).build();
        // Warm-up, not timed: a cold JVM interprets the first thousand requests.
        TestSession warmUp = TestSession.fa3(keys).announceAndAwait();
        sendAll(http, requests(warmUp, 500));

        List<TestSession> sessions = new ArrayList<>();
        List<HttpRequest> requests = new ArrayList<>();
        for (int s = 0; s < SESSIONS; s++) {
            TestSession session = TestSession.fa3(keys).announceAndAwait();
            sessions.add(session);
            requests.addAll(requests(session, PER_SESSION));
        }
        String[] keys = sessions.stream().map(s -> s.referenceNumber).toArray(String[]::new);
        int total = SESSIONS * PER_SESSION;

        long start = System.nanoTime();
        sendAll(http, requests);
        double intakeSeconds = (System.nanoTime() - start) / 1e9;

        await().atMost(Duration.ofMinutes(5)).pollInterval(Duration.ofMillis(100)).until(() ->
                InvoiceDatabase.count("select count(*) from outbox_event where event_type = ?"
                        + " and sent_at is not null and record_key = any(?)", "ksef.invoice.accepted.v1", keys)
                        == total);
        double endToEndSeconds = (System.nanoTime() - start) / 1e9;
        double rate = total / endToEndSeconds;
        System.out.printf("Throughput: %d invoices, %d clients: intake %.1f/s (%.2f s), end to end %.1f/s (%.2f s)%n",
                total, CLIENTS, total / intakeSeconds, intakeSeconds, rate, endToEndSeconds);

        assertEquals(total, InvoiceDatabase.count("select count(*) from invoice where status_code = 200"
                + " and session_reference_number = any(?)", (Object) keys));
        assertEquals(PER_SESSION, KafkaProbe.events(TestSession.INVOICE_TOPIC, keys[0], "ksef.invoice.accepted.v1",
                PER_SESSION, Duration.ofSeconds(30)).size());
    }

    private List<HttpRequest> requests(TestSession session, int count) throws Exception {
        List<HttpRequest> requests = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] body = JSON.writeValueAsBytes(session.sendBody(InvoiceSamples.fa3(session.nip,
                    InvoiceSamples.uniqueNumber())));
            requests.add(HttpRequest.newBuilder(base.resolve("/v2/sessions/online/" + session.referenceNumber
                            + "/invoices"))
                    .header("Authorization", "Bearer " + session.token)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
        }
        return requests;
    }

    /** At most {@link #CLIENTS} requests in flight, like as many clients sending one invoice after another. */
    private static void sendAll(HttpClient http, List<HttpRequest> requests) throws Exception {
        Semaphore inFlight = new Semaphore(CLIENTS);
        List<CompletableFuture<Integer>> statuses = new ArrayList<>();
        for (HttpRequest request : requests) {
            inFlight.acquire();
            statuses.add(http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .whenComplete((response, failure) -> inFlight.release())
                    .thenApply(HttpResponse::statusCode));
        }
        for (CompletableFuture<Integer> status : statuses) {
            assertEquals(202, status.get(5, TimeUnit.MINUTES));
        }
    }
}

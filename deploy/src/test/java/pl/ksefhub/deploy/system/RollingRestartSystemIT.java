package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.client.UpoVerifier;
import pl.ksefhub.deploy.services.Service;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static pl.ksefhub.deploy.system.OnlineChecks.PROCESSING;
import static pl.ksefhub.deploy.system.OnlineChecks.assertKsefNumber;
import static pl.ksefhub.deploy.system.OnlineChecks.assertValidUpo;
import static pl.ksefhub.deploy.system.OnlineChecks.finalStatus;
import static pl.ksefhub.deploy.system.OnlineChecks.upo;

/**
 * A rolling restart under load (issue 12): while clients keep opening online sessions and sending encrypted
 * invoices through the edge, every service is restarted in turn as Kubernetes restarts a pod (SIGTERM, its graceful
 * shutdown, a new process on the same port). Nothing accepted is lost (every 202 reaches 200 with its UPO, every
 * closed session counts all its invoices), no KSeF number is given twice, and no client sees a 5xx or any other
 * refusal: what a restarting service could not take, the edge sent again. Every status seen is counted and printed.
 */
class RollingRestartSystemIT {

    private static final int CLIENTS = 3;
    private static final int INVOICES_PER_SESSION = 4;
    /** As the Deployments' terminationGracePeriodSeconds: SIGKILL only after this. */
    private static final Duration GRACE = Duration.ofSeconds(40);
    /** Invoices accepted after a restart before the next one: the load goes on through each. */
    private static final int ACCEPTED_BETWEEN_RESTARTS = 12;

    /** An invoice answered 202. */
    private record Accepted(String session, String invoice) {
    }

    /** A session closed (204) after this many accepted invoices. */
    private record Closed(String session, int invoices) {
    }

    private final Map<Integer, LongAdder> statuses = new ConcurrentHashMap<>();
    private final Queue<Accepted> accepted = new ConcurrentLinkedQueue<>();
    private final Queue<Closed> closed = new ConcurrentLinkedQueue<>();
    /** Whatever a client met that is not the answer it expected: status and body, or the failure. */
    private final Queue<String> refusals = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean stop = new AtomicBoolean();

    @Test
    void restartingEveryServiceInTurnUnderLoadLosesNoInvoiceAndAnswersNoClientA5xx() throws Exception {
        RunningStack.Target target = RunningStack.get();
        assumeTrue(target.stack() != null, "restarts need the stack this test JVM started");
        LocalStack stack = target.stack();
        Consumer<Answer> counting = answer -> statuses.computeIfAbsent(answer.status(), s -> new LongAdder())
                .increment();

        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<?>> load = new ArrayList<>();
        List<String> restarts = new ArrayList<>();
        long start = System.nanoTime();
        try {
            for (int i = 0; i < CLIENTS; i++) {
                load.add(clients.submit(() -> sendUntilStopped(target, counting)));
            }
            await().atMost(Duration.ofSeconds(90)).until(() -> accepted.size() >= ACCEPTED_BETWEEN_RESTARTS);
            for (Service service : Service.values()) {
                long restartStart = System.nanoTime();
                stack.restartService(service, GRACE);
                restarts.add(service.moduleName() + " " + millisSince(restartStart) + " ms");
                int before = accepted.size();
                await().atMost(Duration.ofSeconds(90)).until(() -> accepted.size()
                        >= before + ACCEPTED_BETWEEN_RESTARTS);
            }
        } finally {
            stop.set(true);
            for (Future<?> client : load) {
                client.get(2, TimeUnit.MINUTES);
            }
            clients.shutdown();
        }
        long loadMillis = millisSince(start);
        long checkStart = System.nanoTime();

        KsefClient checker = new KsefClient(target.baseUrl()).onEveryAnswer(counting);
        checker.authenticateWithKsefToken(target.nip(), target.token());
        Set<String> ksefNumbers = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicBoolean fullyChecked = new AtomicBoolean();
        long invoiceChecksMillis;
        long sessionChecksMillis;
        // Four at a time: a thousand invoices one by one take longer than the load that made them.
        ExecutorService checkers = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> checks = new ArrayList<>();
            for (Accepted invoice : accepted) {
                checks.add(checkers.submit(() -> {
                    JsonNode status = finalStatus(checker, invoice.session(), invoice.invoice());
                    assertEquals(200, status.at("/status/code").asInt(), invoice + ": " + status);
                    String ksefNumber = status.get("ksefNumber").asText();
                    assertKsefNumber(ksefNumber, target.nip());
                    if (!ksefNumbers.add(ksefNumber)) {
                        duplicates.incrementAndGet();
                    }
                    byte[] upo = upo(checker, "/v2/sessions/" + invoice.session() + "/invoices/"
                            + invoice.invoice() + "/upo");
                    if (fullyChecked.compareAndSet(false, true)) {
                        assertValidUpo(upo, ksefNumber); // schema and tampering once: the rest are built alike
                    } else {
                        assertTrue(UpoVerifier.signatureValid(upo), invoice + ": UPO signature");
                        assertTrue(new String(upo, StandardCharsets.UTF_8).contains(ksefNumber),
                                invoice + ": UPO names it");
                    }
                    return null;
                }));
            }
            for (Future<?> check : checks) {
                check.get(5, TimeUnit.MINUTES);
            }
            invoiceChecksMillis = millisSince(checkStart);
            long sessionStart = System.nanoTime();
            List<Future<?>> sessionChecks = new ArrayList<>();
            for (Closed session : closed) {
                sessionChecks.add(checkers.submit(() -> {
                    AtomicReference<JsonNode> status = new AtomicReference<>();
                    await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500))
                            .until(() -> {
                                status.set(checker.sessionStatus(session.session()).json());
                                return status.get().at("/status/code").asInt() == 200;
                            });
                    assertEquals(session.invoices(), status.get().get("invoiceCount").asInt(),
                            session + ": " + status);
                    assertEquals(session.invoices(), status.get().get("successfulInvoiceCount").asInt(),
                            session.session());
                    return null;
                }));
            }
            for (Future<?> check : sessionChecks) {
                check.get(5, TimeUnit.MINUTES);
            }
            sessionChecksMillis = millisSince(sessionStart);
        } finally {
            checkers.shutdownNow();
        }

        System.out.printf("[rolling restart] timing: invoice checks %d ms, session checks %d ms%n",
                invoiceChecksMillis, sessionChecksMillis);
        Map<Integer, Long> seen = new TreeMap<>();
        statuses.forEach((code, count) -> seen.put(code, count.sum()));
        System.out.printf("[rolling restart] %d clients, %d s of load; restarts: %s%n", CLIENTS, loadMillis / 1000,
                String.join(", ", restarts));
        System.out.printf("[rolling restart] %d invoices accepted, %d sessions closed, %d distinct KSeF numbers, "
                + "%d refusals; statuses seen: %s%n", accepted.size(), closed.size(), ksefNumbers.size(),
                refusals.size(), seen);
        refusals.forEach(refusal -> System.out.println("[rolling restart] refused: " + refusal));

        assertEquals(0, duplicates.get(), "no KSeF number given twice");
        assertEquals(accepted.size(), ksefNumbers.size());
        assertEquals(Map.of(), Map.copyOf(new TreeMap<>(seen).tailMap(500)), "no 5xx to any client");
        assertEquals(List.of(), List.copyOf(refusals), "every valid request was taken");
    }

    /** One client: sessions of a few invoices each, one after the other, until told to stop. */
    private void sendUntilStopped(RunningStack.Target target, Consumer<Answer> counting) {
        // Longer than the edge's retries (RunningStack): a request held during a restart is answered, not abandoned.
        KsefClient client = new KsefClient(target.baseUrl()).onEveryAnswer(counting)
                .requestTimeout(Duration.ofSeconds(120));
        try {
            client.authenticateWithKsefToken(target.nip(), target.token());
        } catch (RuntimeException e) {
            refusals.add("authentication: " + e.getMessage());
            return;
        }
        while (!stop.get()) {
            OnlineSession session;
            try {
                session = client.openOnlineSession("FA (3)");
            } catch (RuntimeException e) {
                refusals.add("open: " + e.getMessage());
                continue;
            }
            int sent = 0;
            for (int i = 0; i < INVOICES_PER_SESSION && !stop.get(); i++) {
                try {
                    Answer answer = client.sendInvoice(session, Invoices.fa3(target.nip(), "RR/" + UUID.randomUUID()));
                    if (answer.status() == 202) {
                        accepted.add(new Accepted(session.referenceNumber(),
                                answer.json().get("referenceNumber").asText()));
                        sent++;
                    } else {
                        refusals.add("send: " + answer.status() + " " + answer.text());
                    }
                } catch (RuntimeException e) {
                    refusals.add("send: " + e.getMessage());
                }
            }
            if (sent == 0) {
                continue; // a session without invoices is cancelled at close: nothing to count
            }
            try {
                Answer answer = client.closeSession(session);
                if (answer.status() == 204) {
                    closed.add(new Closed(session.referenceNumber(), sent));
                } else {
                    refusals.add("close: " + answer.status() + " " + answer.text());
                }
            } catch (RuntimeException e) {
                refusals.add("close: " + e.getMessage());
            }
        }
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}

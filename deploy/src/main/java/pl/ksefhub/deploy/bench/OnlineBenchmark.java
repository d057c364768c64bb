package pl.ksefhub.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Drives concurrent online sessions through the edge as KSeF clients would and prints what a user feels: invoices
 * accepted per second, and latency from sending an invoice to its UPO being available to the client (the
 * {@code upoDownloadUrl} appearing in the session's invoice list). Not a test: it asserts nothing, it measures.
 *
 * <pre>
 * bin/benchmark [--sessions 8] [--invoices 100] [--base-url URL --nip NIP --token TOKEN]
 * </pre>
 * Without {@code --base-url} it starts its own stack in a temporary folder, so that the figures include every part
 * of the system running on this machine.
 */
public final class OnlineBenchmark {

    private OnlineBenchmark() {
    }

    record Sent(String session, String invoice, long sentNanos, long acceptedNanos) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int sessions = Integer.parseInt(options.getOrDefault("sessions", "8"));
        int perSession = Integer.parseInt(options.getOrDefault("invoices", "100"));
        LocalStack stack = null;
        String baseUrl = options.get("base-url");
        String nip = options.get("nip");
        String token = options.get("token");
        if (baseUrl == null) {
            Path dataDir = Files.createTempDirectory("ksef-bench-");
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts().build());
            baseUrl = stack.baseUrl();
            nip = stack.demoAccount().nip();
            token = stack.demoAccount().token();
        }
        try {
            run(baseUrl, nip, token, sessions, perSession);
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
        System.exit(0);
    }

    private static void run(String baseUrl, String nip, String token, int sessions, int perSession)
            throws Exception {
        KsefClient client = new KsefClient(baseUrl);
        client.authenticateWithKsefToken(nip, token);
        System.out.printf("[bench] %s: %d concurrent online sessions x %d FA (3) invoices%n", baseUrl, sessions,
                perSession);
        warmUp(client, nip);

        ExecutorService senders = Executors.newFixedThreadPool(sessions);
        List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
        List<String> sessionRefs = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger refused = new AtomicInteger();
        long start = System.nanoTime();
        List<Future<?>> work = new ArrayList<>();
        for (int s = 0; s < sessions; s++) {
            work.add(senders.submit(() -> {
                OnlineSession session = client.openOnlineSession("FA (3)");
                sessionRefs.add(session.referenceNumber());
                for (int i = 0; i < perSession; i++) {
                    byte[] invoice = Invoices.fa3(nip, "BENCH/" + UUID.randomUUID());
                    Map<String, Object> body = KsefClient.invoiceRequest(session, invoice);
                    long before = System.nanoTime();
                    Answer answer = client.sendInvoice(session, body);
                    long after = System.nanoTime();
                    if (answer.status() == 202) {
                        sent.add(new Sent(session.referenceNumber(), answer.json().get("referenceNumber").asText(),
                                before, after));
                    } else {
                        refused.incrementAndGet();
                    }
                }
                return null;
            }));
        }
        Map<String, Long> upoSeen = new ConcurrentHashMap<>();
        Map<String, Integer> finalCodes = new ConcurrentHashMap<>();
        int expected = sessions * perSession;
        while (true) {
            boolean sending = work.stream().anyMatch(f -> !f.isDone());
            pollUpos(client, sessionRefs, upoSeen, finalCodes);
            if (!sending && finalCodes.size() >= sent.size()) {
                break;
            }
            if (System.nanoTime() - start > Duration.ofMinutes(10).toNanos()) {
                System.out.println("[bench] gave up waiting after 10 minutes");
                break;
            }
            Thread.sleep(50);
        }
        long end = System.nanoTime();
        senders.shutdown();
        for (Future<?> f : work) {
            f.get();
        }

        long accepted = finalCodes.values().stream().filter(code -> code == 200).count();
        List<Long> sendLatencies = new ArrayList<>();
        List<Long> upoLatencies = new ArrayList<>();
        long lastUpo = start;
        for (Sent s : sent) {
            sendLatencies.add(s.acceptedNanos() - s.sentNanos());
            Long seen = upoSeen.get(s.invoice());
            if (seen != null) {
                upoLatencies.add(seen - s.sentNanos());
                lastUpo = Math.max(lastUpo, seen);
            }
        }
        double seconds = (lastUpo - start) / 1e9;
        double sendSeconds = (sent.stream().mapToLong(Sent::acceptedNanos).max().orElse(start) - start) / 1e9;
        System.out.printf("[bench] sent %d of %d (refused %d) in %.1f s: %.1f invoices/s received (HTTP 202)%n",
                sent.size(), expected, refused.get(), sendSeconds, sent.size() / sendSeconds);
        System.out.printf("[bench] accepted (status 200, KSeF number) %d, other final statuses %d%n", accepted,
                finalCodes.size() - accepted);
        System.out.printf("[bench] invoices accepted with their UPO available: %d in %.1f s = %.1f invoices/s%n",
                upoLatencies.size(), seconds, upoLatencies.size() / seconds);
        System.out.printf("[bench] HTTP send latency      p50 %6.1f ms  p99 %6.1f ms%n",
                percentile(sendLatencies, 50), percentile(sendLatencies, 99));
        System.out.printf("[bench] send -> invoice UPO    p50 %6.1f ms  p99 %6.1f ms  max %6.1f ms%n",
                percentile(upoLatencies, 50), percentile(upoLatencies, 99), percentile(upoLatencies, 100));
        System.out.printf("[bench] (wall time %.1f s, %d cores)%n", (end - start) / 1e9,
                Runtime.getRuntime().availableProcessors());
    }

    /** One session through the whole pipeline first, so that JIT and connection pools are warm for everyone. */
    private static void warmUp(KsefClient client, String nip) throws InterruptedException {
        OnlineSession session = client.openOnlineSession("FA (3)");
        List<String> refs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            refs.add(client.sendInvoice(session, Invoices.fa3(nip, "WARM/" + UUID.randomUUID())).json()
                    .get("referenceNumber").asText());
        }
        long deadline = System.currentTimeMillis() + 60_000;
        Map<String, Long> seen = new ConcurrentHashMap<>();
        Map<String, Integer> codes = new ConcurrentHashMap<>();
        while (codes.size() < refs.size() && System.currentTimeMillis() < deadline) {
            pollUpos(client, List.of(session.referenceNumber()), seen, codes);
            Thread.sleep(100);
        }
        client.closeSession(session);
        System.out.printf("[bench] warm-up: %d invoices processed%n", codes.size());
    }

    /** One list call per session a round: records when each invoice reached a final status and got its UPO. */
    private static void pollUpos(KsefClient client, List<String> sessionRefs, Map<String, Long> upoSeen,
                                 Map<String, Integer> finalCodes) {
        for (String session : List.copyOf(sessionRefs)) {
            String continuation = null;
            do {
                Answer answer = continuation == null
                        ? client.get("/v2/sessions/" + session + "/invoices?pageSize=1000", client.accessToken())
                        : client.getWithHeader("/v2/sessions/" + session + "/invoices?pageSize=1000",
                        client.accessToken(), "x-continuation-token", continuation);
                if (answer.status() != 200) {
                    return;
                }
                long now = System.nanoTime();
                JsonNode body = answer.json();
                for (JsonNode invoice : body.path("invoices")) {
                    String ref = invoice.get("referenceNumber").asText();
                    int code = invoice.at("/status/code").asInt();
                    if (code != 100 && code != 150) {
                        finalCodes.putIfAbsent(ref, code);
                    }
                    if (code == 200 && invoice.hasNonNull("upoDownloadUrl")) {
                        upoSeen.putIfAbsent(ref, now);
                    }
                }
                continuation = body.hasNonNull("continuationToken") ? body.get("continuationToken").asText() : null;
            } while (continuation != null && !continuation.isEmpty());
        }
    }

    private static double percentile(List<Long> nanos, int p) {
        if (nanos.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(nanos);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1))) / 1e6;
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}

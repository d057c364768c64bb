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
 * bin/benchmark [--sessions 16] [--invoices 400] [--warmup 200] [--warmup-rounds 3] [--rate 0] [--cold false]
 *               [--instances 1]
 *               [--base-url URL --nip NIP --token TOKEN --kafka HOST:PORT]
 * </pre>
 * {@code --warmup-rounds} is a fixed number of unreported rounds of {@code --warmup} invoices per session, so that two
 * runs warm up alike and compare. {@code --rate} paces the sending at that many invoices a second over all sessions
 * (0: as fast as the stack takes them); latency is then counted from each invoice's planned send time, so that a
 * stack falling behind cannot hide it. {@code --cold true} measures the first invoices after a fresh start: no warm-up
 * at all, the measured round is the stack's first work.
 * Without {@code --base-url} it starts its own stack in a temporary folder, so that the figures include every part
 * of the system running on this machine; then it also prints the CPU per invoice of each of the stack's processes
 * ({@link StackCpu}) and the raw ceilings of its PostgreSQL and broker ({@link Ceilings}).
 */
public final class OnlineBenchmark {

    private OnlineBenchmark() {
    }

    record Sent(String session, String invoice, long sentAt, long acceptedAt) {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> options = options(args);
        int sessions = Integer.parseInt(options.getOrDefault("sessions", "16"));
        int perSession = Integer.parseInt(options.getOrDefault("invoices", "400"));
        int warmup = Integer.parseInt(options.getOrDefault("warmup", "200"));
        int warmupRounds = Integer.parseInt(options.getOrDefault("warmup-rounds", "3"));
        double pace = Double.parseDouble(options.getOrDefault("rate", "0"));
        boolean cold = Boolean.parseBoolean(options.getOrDefault("cold", "false"));
        // Instances of each service in the stack it starts (LocalStack --instances); the edge takes turns among them.
        int instances = Integer.parseInt(options.getOrDefault("instances", "1"));
        LocalStack stack = null;
        String baseUrl = options.get("base-url");
        String nip = options.get("nip");
        String token = options.get("token");
        String kafka = options.getOrDefault("kafka", "127.0.0.1:9092");
        if (baseUrl == null) {
            Path dataDir = Files.createTempDirectory("ksef-bench-");
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            // Thousands of invoices from one context and one address: production rate limits (invoiceSend 180 an
            // hour) would refuse nearly all of them; the benchmark measures the pipeline, not the limiter.
            stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts().instances(instances)
                    .serviceEnvironment("KSEF_RATE_LIMITS_ENABLED", "false").build());
            baseUrl = stack.baseUrl();
            nip = stack.demoAccount().nip();
            token = stack.demoAccount().token();
            kafka = stack.kafkaBootstrapServers();
        }
        try {
            // Per-process CPU and the raw ceilings need the stack's processes and database: only for our own stack.
            LocalStack ours = stack;
            StackCpu cpu = ours == null ? null : new StackCpu(ours::namedProcesses);
            Plan plan = new Plan(sessions, perSession, cold ? 0 : warmup, cold ? 0 : warmupRounds, pace, cold);
            double rate = run(baseUrl, kafka, nip, token, plan, cpu);
            if (ours != null) {
                printCeilings(ours, sessions, cpu, rate);
            }
        } finally {
            if (stack != null) {
                stack.close();
            }
        }
        System.exit(0);
    }

    /**
     * What one run does: its shape, a fixed number of warm-up rounds (a rule such as "until two rounds agree" made
     * runs warm up differently and so not compare), the pace (0: open throttle) and whether it measures a cold stack.
     */
    record Plan(int sessions, int perSession, int warmupPerSession, int warmupRounds, double rate, boolean cold) {
    }

    /** @return the measured round's invoices per second with their UPO */
    private static double run(String baseUrl, String kafka, String nip, String token, Plan plan, StackCpu cpu)
            throws Exception {
        KsefClient client = new KsefClient(baseUrl);
        client.authenticateWithKsefToken(nip, token);
        System.out.printf("[bench] %s: %d concurrent online sessions x %d FA (3) invoices%s%s%n", baseUrl,
                plan.sessions(), plan.perSession(),
                plan.rate() > 0 ? String.format(", paced at %.0f invoices/s", plan.rate()) : "",
                plan.cold() ? ", cold: no warm-up" : String.format(", %d warm-up rounds of %d per session",
                        plan.warmupRounds(), plan.warmupPerSession()));
        if (!plan.cold()) {
            warmUp(client, nip);
        }
        // The JIT compilers of six JVMs compete with the work itself for the first several thousand invoices:
        // "sustained" means after that, at full concurrency and at the measured pace.
        for (int i = 1; i <= plan.warmupRounds() && plan.warmupPerSession() > 0; i++) {
            Round round = round(client, kafka, nip, plan.sessions(), plan.warmupPerSession(), plan.rate(), cpu);
            System.out.printf("[bench] warm-up round %d: %d x %d invoices, %.1f invoices/s with their UPO%s"
                    + " (not reported)%n", i, plan.sessions(), plan.warmupPerSession(), round.upoRate(),
                    round.cpuPerInvoice());
        }
        Round measured = round(client, kafka, nip, plan.sessions(), plan.perSession(), plan.rate(), cpu);
        report(client, measured, plan.sessions() * plan.perSession());
        return measured.upoRate();
    }

    /**
     * What the stack's PostgreSQL and broker do alone, measured now on the same machine, and the platform's rate as
     * a share of each: the distance to the infrastructure's limit.
     */
    private static void printCeilings(LocalStack stack, int sessions, StackCpu cpu, double platformRate)
            throws Exception {
        Ceilings.Ceiling postgres = Ceilings.postgres(stack.postgres(), sessions, Duration.ofSeconds(10), cpu);
        Ceilings.Ceiling kafka = Ceilings.kafka(stack.kafkaBootstrapServers(), Duration.ofSeconds(5), cpu);
        postgres.print("[bench]");
        kafka.print("[bench]");
        System.out.printf("[bench] platform %.1f invoices/s = %.1f %% of the PostgreSQL ceiling, %.2f %% of the"
                + " Kafka ceiling%n", platformRate, 100 * platformRate / postgres.rate(),
                100 * platformRate / kafka.rate());
    }

    /** One round's record: what was sent, when each UPO appeared, and the clock. */
    private record Round(List<Sent> sent, Map<String, Long> upoAt, long startMillis, long startNanos, int refused,
                         StackCpu.Usage cpu, double cpuWallSeconds) {

        /** ", 9.8 ms CPU per invoice" for a warm-up line; empty when the stack is not ours. */
        String cpuPerInvoice() {
            return cpu == null || upos() == 0 ? ""
                    : String.format(", %.1f ms stack CPU per invoice", 1000 * cpu.stackSeconds() / upos());
        }

        long lastUpo() {
            return sent.stream().map(s -> upoAt.get(s.invoice())).filter(java.util.Objects::nonNull)
                    .mapToLong(Long::longValue).max().orElse(startMillis);
        }

        long upos() {
            return sent.stream().filter(s -> upoAt.containsKey(s.invoice())).count();
        }

        double upoRate() {
            return upos() / ((lastUpo() - startMillis) / 1000.0);
        }
    }

    /**
     * Opens the sessions and encrypts every invoice first, then starts the clock: what is measured is the system
     * taking invoices, not this client generating and encrypting them on the same two cores.
     */
    private static Round round(KsefClient client, String kafka, String nip, int sessions, int perSession,
                               double rate, StackCpu cpu) throws Exception {
        ExecutorService senders = Executors.newFixedThreadPool(sessions);
        try {
            List<Future<Prepared>> preparing = new ArrayList<>();
            for (int s = 0; s < sessions; s++) {
                preparing.add(senders.submit(() -> {
                    OnlineSession session = client.openOnlineSession("FA (3)");
                    List<Map<String, Object>> bodies = new ArrayList<>(perSession);
                    for (int i = 0; i < perSession; i++) {
                        bodies.add(KsefClient.invoiceRequest(session,
                                Invoices.fa3(nip, "BENCH/" + UUID.randomUUID())));
                    }
                    return new Prepared(session, bodies);
                }));
            }
            List<Prepared> prepared = new ArrayList<>();
            for (Future<Prepared> f : preparing) {
                prepared.add(f.get());
            }
            // When each invoice's UPO was published: read from the UPO events, so that measuring costs the system
            // nothing (polling the API for thousands of invoices would load the very machine being measured).
            UpoWatch upos = new UpoWatch(kafka);
            List<Sent> sent = Collections.synchronizedList(new ArrayList<>());
            AtomicInteger refused = new AtomicInteger();
            Map<String, Double> cpuBefore = cpu == null ? null : cpu.snapshot();
            long startMillis = System.currentTimeMillis();
            long startNanos = System.nanoTime();
            // For matching a profile of the stack (JFR, /proc samples) to this round: docs/PERFORMANCE.md.
            System.out.printf("[bench] round clock started at %s%n", java.time.Instant.ofEpochMilli(startMillis));
            List<Future<?>> work = new ArrayList<>();
            // Paced: session k sends its i-th invoice at start + (i * sessions + k) / rate, each session on its own
            // thread; a send that is late goes at once and its latency counts from the planned time.
            double intervalMillis = rate > 0 ? 1000.0 / rate : 0;
            for (int k = 0; k < prepared.size(); k++) {
                Prepared p = prepared.get(k);
                int offset = k;
                work.add(senders.submit(() -> {
                    for (int i = 0; i < p.bodies().size(); i++) {
                        Map<String, Object> body = p.bodies().get(i);
                        long before = System.currentTimeMillis();
                        if (rate > 0) {
                            long planned = startMillis + Math.round((i * (double) sessions + offset) * intervalMillis);
                            if (planned > before) {
                                Thread.sleep(planned - before);
                            }
                            before = planned;
                        }
                        Answer answer = client.sendInvoice(p.session(), body);
                        long after = System.currentTimeMillis();
                        if (answer.status() == 202) {
                            sent.add(new Sent(p.session().referenceNumber(),
                                    answer.json().get("referenceNumber").asText(), before, after));
                        } else {
                            refused.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : work) {
                f.get();
            }
            Map<String, Long> upoAt = upos.awaitAll(sent.stream().map(Sent::invoice).toList(),
                    Duration.ofMinutes(5));
            StackCpu.Usage used = cpu == null ? null : StackCpu.Usage.between(cpuBefore, cpu.snapshot());
            System.out.printf("[bench] round ended at %s%n", java.time.Instant.now());
            double cpuWall = (System.nanoTime() - startNanos) / 1e9;
            upos.close();
            return new Round(List.copyOf(sent), upoAt, startMillis, startNanos, refused.get(), used, cpuWall);
        } finally {
            senders.shutdown();
        }
    }

    private record Prepared(OnlineSession session, List<Map<String, Object>> bodies) {
    }

    private static void report(KsefClient client, Round round, int planned) {
        List<Long> sendLatencies = new ArrayList<>();
        List<Long> upoLatencies = new ArrayList<>();
        long sendEnd = round.startMillis();
        for (Sent s : round.sent()) {
            sendLatencies.add(s.acceptedAt() - s.sentAt());
            sendEnd = Math.max(sendEnd, s.acceptedAt());
            Long at = round.upoAt().get(s.invoice());
            if (at != null) {
                upoLatencies.add(at - s.sentAt());
            }
        }
        double sendSeconds = (sendEnd - round.startMillis()) / 1000.0;
        double seconds = (round.lastUpo() - round.startMillis()) / 1000.0;
        System.out.printf("[bench] sent %d of %d (refused %d) in %.1f s: %.1f invoices/s received (HTTP 202)%n",
                round.sent().size(), planned, round.refused(), sendSeconds, round.sent().size() / sendSeconds);
        System.out.printf("[bench] accepted with their UPO generated: %d in %.1f s = %.1f invoices/s%n",
                upoLatencies.size(), seconds, upoLatencies.size() / seconds);
        System.out.printf("[bench] HTTP send latency      p50 %6.0f ms  p99 %6.0f ms%n",
                percentile(sendLatencies, 50), percentile(sendLatencies, 99));
        System.out.printf("[bench] send -> invoice UPO    p50 %6.0f ms  p99 %6.0f ms  max %6.0f ms%n",
                percentile(upoLatencies, 50), percentile(upoLatencies, 99), percentile(upoLatencies, 100));
        if (round.cpu() != null) {
            round.cpu().print("[bench]", round.upos(), round.cpuWallSeconds());
        }
        verifyThroughTheApi(client, round.sent());
        System.out.printf("[bench] (wall time %.1f s, %d cores, load average %s)%n",
                (System.nanoTime() - round.startNanos()) / 1e9, Runtime.getRuntime().availableProcessors(),
                loadAverage());
    }

    /** The figures mean something only if the client sees what the events say: spot-check through the API. */
    private static void verifyThroughTheApi(KsefClient client, List<Sent> sent) {
        int checked = 0;
        int withUpo = 0;
        for (int i = 0; i < sent.size(); i += Math.max(1, sent.size() / 20)) {
            Sent s = sent.get(i);
            checked++;
            // invoice-service learns the UPO link from the same event, a moment later: give it a few seconds.
            long deadline = System.currentTimeMillis() + 10_000;
            while (System.currentTimeMillis() < deadline) {
                JsonNode status = client.invoiceStatus(s.session(), s.invoice()).json();
                if (status.at("/status/code").asInt() == 200 && status.hasNonNull("upoDownloadUrl")) {
                    withUpo++;
                    break;
                }
                sleepQuietly(200);
            }
        }
        System.out.printf("[bench] API spot check: %d of %d sampled invoices are 200 with their UPO link%n",
                withUpo, checked);
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
        int done = 0;
        for (String ref : refs) {
            while (System.currentTimeMillis() < deadline
                    && !client.invoiceStatus(session.referenceNumber(), ref).json().hasNonNull("upoDownloadUrl")) {
                Thread.sleep(100);
            }
            done++;
        }
        client.closeSession(session);
        System.out.printf("[bench] warm-up: %d invoices processed%n", done);
    }

    /** The 1, 5 and 15 minute load averages: on a shared machine the figures mean little without them. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (java.io.IOException | RuntimeException e) {
            return "unknown";
        }
    }

    private static void sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static double percentile(List<Long> millis, int p) {
        if (millis.isEmpty()) {
            return Double.NaN;
        }
        List<Long> sorted = new ArrayList<>(millis);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> options = new java.util.HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            options.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        return options;
    }
}

package pl.ksefhub.deploy.chaos;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.client.BatchPackages;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.tools.PublishSubmission;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code bin/chaos}: starts a whole stack, drives invoices through it as KSeF clients and upstream systems do (many
 * online sessions, one batch package, submissions on Kafka) at a steady pace over a window of time, and meanwhile
 * kills, restarts and pauses its parts at random moments ({@link Faults}); then checks what must hold
 * ({@link ChaosChecks}) and prints the figures ({@link ChaosReport}). Exit code 0 when every check held.
 *
 * <pre>
 * bin/chaos [--invoices 10000] [--seed N] [--clients 8] [--per-session 50] [--batch-share 0.1]
 *           [--submission-share 0.1] [--window SECONDS] [--kills 1]
 * </pre>
 */
public final class ChaosRun {

    /**
     * @param invoices        invoices in all
     * @param clients         online clients working at once, each through one session after another
     * @param perSession      invoices per online session
     * @param batchShare      share of the invoices sent in one batch package (2 parts)
     * @param submissionShare share published as upstream submissions
     * @param window          how long the invoices are spread over; the faults fall within it
     * @param kills           how many times each service and the broker is killed
     */
    public record Options(int invoices, long seed, int clients, int perSession, double batchShare,
                          double submissionShare, Duration window, int kills) {

        public static Options defaults() {
            return new Options(10_000, System.currentTimeMillis(), 8, 50, 0.1, 0.1, null, 1);
        }

        public int batch() {
            return (int) Math.round(invoices * batchShare);
        }

        public int submissions() {
            return (int) Math.round(invoices * submissionShare);
        }

        public int online() {
            return invoices - batch() - submissions();
        }

        /** The window given, or one that keeps the pace at about 20 invoices/s (at least 2 minutes). */
        public Duration effectiveWindow() {
            return window != null ? window : Duration.ofSeconds(Math.max(120, invoices / 20));
        }

        static Options parse(String[] args) {
            Options o = defaults();
            Map<String, String> given = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (!args[i].startsWith("--") || i + 1 >= args.length) {
                    throw new IllegalArgumentException("unexpected argument " + args[i]);
                }
                given.put(args[i].substring(2), args[++i]);
            }
            Options parsed = new Options(
                    Integer.parseInt(given.getOrDefault("invoices", Integer.toString(o.invoices()))),
                    Long.parseLong(given.getOrDefault("seed", Long.toString(o.seed()))),
                    Integer.parseInt(given.getOrDefault("clients", Integer.toString(o.clients()))),
                    Integer.parseInt(given.getOrDefault("per-session", Integer.toString(o.perSession()))),
                    Double.parseDouble(given.getOrDefault("batch-share", Double.toString(o.batchShare()))),
                    Double.parseDouble(given.getOrDefault("submission-share", Double.toString(o.submissionShare()))),
                    given.containsKey("window") ? Duration.ofSeconds(Long.parseLong(given.get("window"))) : null,
                    Integer.parseInt(given.getOrDefault("kills", Integer.toString(o.kills()))));
            given.keySet().removeAll(List.of("invoices", "seed", "clients", "per-session", "batch-share",
                    "submission-share", "window", "kills"));
            if (!given.isEmpty()) {
                throw new IllegalArgumentException("unknown options " + given.keySet());
            }
            return parsed;
        }
    }

    private final LocalStack stack;
    private final Options options;
    private final PrintStream out;
    private final Ledger ledger = new Ledger();
    private final String nip;
    private final String token;
    /** Part of every invoice number: runs against the same database never collide. */
    private final String runTag = Long.toString(System.currentTimeMillis(), 36).toUpperCase();

    private ChaosRun(LocalStack stack, Options options, PrintStream out) {
        this.stack = stack;
        this.options = options;
        this.out = out;
        this.nip = stack.demoAccount().nip();
        this.token = stack.demoAccount().token();
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = Options.parse(args);
        } catch (RuntimeException e) {
            System.err.println("[chaos] " + e.getMessage() + "\nusage: bin/chaos [--invoices 10000] [--seed N]"
                    + " [--clients 8] [--per-session 50] [--batch-share 0.1] [--submission-share 0.1]"
                    + " [--window SECONDS] [--kills 1]");
            System.exit(2);
            return;
        }
        Path dataDir = Files.createTempDirectory("ksef-chaos-");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        boolean passed;
        try (LocalStack stack = LocalStack.start(stackOptions(dataDir).build())) {
            ChaosReport report = run(stack, options, System.out);
            passed = report.passed();
        }
        System.exit(passed ? 0 : 1);
    }

    /**
     * The stack a chaos run needs: free ports, rate limits off (thousands of invoices from one context and one
     * address; the run checks the pipeline, not the limiter), and a batch package claim that a killed
     * invoice-service gives up after 30 s rather than 10 min (the claim is a lease without a renewal).
     */
    public static StackOptions.Builder stackOptions(Path dataDir) {
        return StackOptions.builder().dataDir(dataDir).freePorts()
                .serviceEnvironment("KSEF_RATE_LIMITS_ENABLED", "false")
                .serviceEnvironment("KSEF_INVOICE_BATCH_CLAIM_LEASE", "30s")
                .startupTimeout(Duration.ofSeconds(Long.parseLong(
                        System.getenv().getOrDefault("KSEF_STARTUP_TIMEOUT", "180").trim())));
    }

    /** Drives, injects the faults, checks and prints; the report says whether every check held. */
    public static ChaosReport run(LocalStack stack, Options options, PrintStream out) throws Exception {
        return new ChaosRun(stack, options, out).run();
    }

    private ChaosReport run() throws Exception {
        Duration window = options.effectiveWindow();
        Faults faults = Faults.schedule(options.seed(), window, options.kills());
        out.printf("[chaos] %s: %d invoices (%d online in sessions of %d by %d clients, %d in a batch package, %d"
                        + " upstream submissions) over %s; seed %d; %d faults planned%n", stack.baseUrl(),
                options.invoices(), options.online(), options.perSession(), options.clients(), options.batch(),
                options.submissions(), Faults.seconds(window), options.seed(), faults.planned().size());
        long start = System.nanoTime();
        ExecutorService threads = Executors.newFixedThreadPool(options.clients() + 3);
        List<Future<?>> drivers = new ArrayList<>();
        AtomicInteger nextOnline = new AtomicInteger();
        long onlineInterval = window.multipliedBy(95).dividedBy(100).toNanos() / Math.max(1, options.online());
        for (int c = 0; c < options.clients(); c++) {
            drivers.add(threads.submit(call(() -> onlineClient(nextOnline, start, onlineInterval))));
        }
        Random random = new Random(options.seed() ^ 0x5DEECE66DL);
        Duration batchAt = Duration.ofMillis((long) (window.toMillis() * (0.1 + 0.5 * random.nextDouble())));
        if (options.batch() > 0) {
            drivers.add(threads.submit(call(() -> batch(start, batchAt))));
        }
        if (options.submissions() > 0) {
            drivers.add(threads.submit(call(() -> submissions(start, window))));
        }
        Future<?> faultsDone = threads.submit(() -> faults.run(stack, start, line -> out.println("[chaos] " + line)));
        for (Future<?> driver : drivers) {
            driver.get();
        }
        Duration drive = Duration.ofNanos(System.nanoTime() - start);
        out.println("[chaos] drive done in " + Faults.seconds(drive) + "; " + ledger.accepted202()
                + " invoices answered 202");
        faultsDone.get();
        threads.shutdown();

        out.println("[chaos] all faults done; waiting for every session to settle, then checking");
        PatientClient checker = new PatientClient(stack.baseUrl(), nip, token, ledger);
        checker.login();
        ChaosChecks.Outcome outcome = new ChaosChecks(ledger, checker, stack.kafkaBootstrapServers(),
                line -> out.println("[chaos] " + line)).verify(Duration.ofMinutes(10));
        ChaosReport report = new ChaosReport(options, drive, Duration.ofNanos(System.nanoTime() - start), ledger,
                faults.done(), outcome);
        report.print(out);
        return report;
    }

    /** One online client: sessions of {@code perSession} invoices, one after another, at the run's pace. */
    private void onlineClient(AtomicInteger next, long start, long intervalNanos) {
        PatientClient client = new PatientClient(stack.baseUrl(), nip, token, ledger);
        client.login();
        while (next.get() < options.online()) {
            KsefClient.OnlineSession session = client.openOnline();
            int sent = 0;
            while (sent < options.perSession()) {
                int n = next.getAndIncrement();
                if (n >= options.online()) {
                    break;
                }
                long wait = (start + n * intervalNanos - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    PatientClient.pause(wait);
                }
                Ledger.Intended invoice = ledger.intend("CH/" + runTag + "/O/" + n, Ledger.Route.ONLINE);
                Answer answer = client.send(session, Invoices.fa3(nip, invoice.invoiceNumber));
                if (answer.status() == 202) {
                    ledger.sent202(invoice, session.referenceNumber(),
                            answer.json().get("referenceNumber").asText());
                } else {
                    invoice.refusal = answer.status() + " " + code(answer);
                    ledger.note("send of " + invoice.invoiceNumber + " to " + session.referenceNumber() + " refused: "
                            + answer.text());
                }
                sent++;
            }
            Answer closed = client.close(session);
            if (closed.status() != 204 && !(closed.status() == 400 && code(closed) == 21180)) {
                ledger.note("close of " + session.referenceNumber() + ": " + closed.status() + " " + closed.text());
            }
        }
    }

    /** The batch package: a ZIP of its invoices in 2 parts, opened, uploaded and closed at its moment. */
    private void batch(long start, Duration at) throws Exception {
        List<Ledger.Intended> invoices = new ArrayList<>();
        for (int i = 0; i < options.batch(); i++) {
            invoices.add(ledger.intend("CH/" + runTag + "/B/" + i, Ledger.Route.BATCH));
        }
        Path dir = Files.createTempDirectory("ksef-chaos-batch-");
        Path archive = BatchPackages.zip(dir.resolve("package.zip"), invoices.size(), i -> i + ".xml",
                i -> Invoices.fa3(nip, invoices.get(i).invoiceNumber));
        long wait = (start + at.toNanos() - System.nanoTime()) / 1_000_000;
        if (wait > 0) {
            PatientClient.pause(wait);
        }
        PatientClient client = new PatientClient(stack.baseUrl(), nip, token, ledger);
        client.login();
        KsefClient.BatchSession batch = client.openBatch(archive, 2, dir);
        out.println("[chaos] batch session " + batch.referenceNumber() + " opened: " + invoices.size()
                + " invoices in 2 parts");
        for (int part = 1; part <= 2; part++) {
            int status = client.upload(batch, part);
            if (status != 201) {
                ledger.note("upload of part " + part + " of " + batch.referenceNumber() + ": " + status);
            }
        }
        Answer closed = client.closeBatch(batch.referenceNumber());
        if (closed.status() == 204) {
            invoices.forEach(invoice -> invoice.sessionReference = batch.referenceNumber());
        } else {
            invoices.forEach(invoice -> invoice.refusal = closed.status() + " " + code(closed));
            ledger.note("close of batch " + batch.referenceNumber() + ": " + closed.status() + " " + closed.text());
        }
    }

    /** Upstream submissions on {@code ksef.submissions}, evenly over the window; the producer waits out outages. */
    private void submissions(long start, Duration window) throws Exception {
        long interval = window.multipliedBy(90).dividedBy(100).toNanos() / options.submissions();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true",
                ProducerConfig.MAX_BLOCK_MS_CONFIG, "600000",
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "600000",
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "30000"), new StringSerializer(), new StringSerializer())) {
            List<Future<?>> sends = new ArrayList<>();
            for (int n = 0; n < options.submissions(); n++) {
                long wait = (start + n * interval - System.nanoTime()) / 1_000_000;
                if (wait > 0) {
                    PatientClient.pause(wait);
                }
                Ledger.Intended invoice = ledger.intend("CH/" + runTag + "/S/" + n, Ledger.Route.SUBMISSION);
                String correlationId = "chaos-" + runTag + "-" + n;
                ledger.published(correlationId, invoice.invoiceNumber);
                sends.add(producer.send(PublishSubmission.record(nip, correlationId,
                        new String(Invoices.fa3(nip, invoice.invoiceNumber), StandardCharsets.UTF_8), "chaos")));
            }
            for (Future<?> send : sends) {
                send.get();
            }
        }
    }

    private static int code(Answer answer) {
        try {
            JsonNode json = answer.json();
            JsonNode code = json.at("/exception/exceptionDetailList/0/exceptionCode");
            return code.isMissingNode() ? json.at("/errors/0/code").asInt() : code.asInt();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private interface Step {
        void run() throws Exception;
    }

    private Callable<Void> call(Step step) {
        return () -> {
            try {
                step.run();
            } catch (Exception | Error e) {
                out.println("[chaos] a driver failed: " + e);
                ledger.note("driver failed: " + e);
                throw e;
            }
            return null;
        };
    }
}

package pl.ksefhub.deploy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import io.vertx.core.Vertx;
import pl.ksefhub.deploy.edge.EdgeAccessLog;
import pl.ksefhub.deploy.edge.EdgeProxy;
import pl.ksefhub.deploy.kafka.KafkaBroker;
import pl.ksefhub.deploy.kafka.KafkaTopics;
import pl.ksefhub.deploy.mail.MailSink;
import pl.ksefhub.deploy.postgres.Databases;
import pl.ksefhub.deploy.postgres.PostgresLauncher;
import pl.ksefhub.deploy.postgres.PostgresServer;
import pl.ksefhub.deploy.services.DemoAccount;
import pl.ksefhub.deploy.services.Instance;
import pl.ksefhub.deploy.services.Service;
import pl.ksefhub.deploy.services.ServiceProcess;

/**
 * The whole of ksef-hub on one machine, without Docker: PostgreSQL (one database per service), a real Kafka
 * broker with the platform's topics, the four services as child processes and the edge on one base URL. With
 * {@link StackOptions#instances()} above 1 each service runs that many times ({@link Instance}), every instance on its
 * own port with its siblings' database and consumer groups, and the edge shares the requests among them.
 *
 * <p>As a program ({@code bin/ksef-hub}): starts everything, prints the base URL, and stops everything on Ctrl-C.
 * As a library (system tests):
 * <pre>{@code
 * try (LocalStack stack = LocalStack.start(StackOptions.builder().dataDir(tempDir).freePorts().build())) {
 *     String baseUrl = stack.baseUrl();
 *     DemoAccount demo = stack.demoAccount();   // demo.nip(), demo.token()
 * }
 * }</pre>
 */
public final class LocalStack implements AutoCloseable {

    private final StackOptions options;
    private final Progress progress;
    private final PidFiles pidFiles;
    private DemoAccount demoAccount;
    private StackLock lock;
    /** Everything started so far, stopped in reverse order. */
    private final Deque<Running> running = new ArrayDeque<>();
    /** The running instances, in start order; one per service unless {@link StackOptions#instances()} says more. */
    private final Map<Instance, ServiceProcess> services = new LinkedHashMap<>();
    private boolean closed;
    /** Set once everything is up: from then on a child that ends is news. */
    private volatile boolean ready;
    private Thread shutdownHook;
    private PostgresServer postgres;
    private KafkaBroker kafka;
    private MailSink mailSink;

    /** A started part of the stack and how to stop it. */
    private record Running(String name, AutoCloseable stop) {
    }

    private LocalStack(StackOptions options) {
        this.options = options;
        this.progress = new Progress(options.output());
        this.pidFiles = new PidFiles(options.dataDir().resolve("run"));
    }

    /**
     * Starts the stack that {@code options} describe and returns once every part is ready. On failure, stops
     * whatever it had started and throws.
     *
     * @throws StackException with a message for people: which part failed, and the end of its log
     */
    public static LocalStack start(StackOptions options) {
        LocalStack stack = new LocalStack(options);
        try {
            stack.startAll();
            return stack;
        } catch (RuntimeException e) {
            stack.close();
            throw e;
        }
    }

    /** The one base URL of the API, e.g. {@code http://localhost:8080}. */
    public String baseUrl() {
        return options.baseUrl();
    }

    /** The taxpayer session-service was told about ({@code KSEF_BOOTSTRAP_TOKENS}): NIP and KSeF token. */
    public DemoAccount demoAccount() {
        return demoAccount;
    }

    /** {@code 127.0.0.1:<port>} of the broker. */
    public String kafkaBootstrapServers() {
        return "127.0.0.1:" + options.kafkaPort(); // the same while the broker is down and after it restarts
    }

    /** The PostgreSQL server with the services' databases ({@link Service#database()}). */
    public PostgresServer postgres() {
        return postgres;
    }

    /** The HTTP port of a running service on 127.0.0.1 (its first instance's). */
    public int servicePort(Service service) {
        return instancePort(Instance.first(service));
    }

    /** The HTTP port of one instance on 127.0.0.1. */
    public int instancePort(Instance instance) {
        if (!options.services().contains(instance.service())) {
            throw new IllegalStateException(instance.service() + " is not part of this stack");
        }
        if (instance.index() >= options.instances()) {
            throw new IllegalStateException("This stack runs " + options.instances() + " instance(s) of "
                    + instance.service() + ", not " + instance);
        }
        // Its port while it runs, and again when it is started after a stop or a kill.
        return options.instancePorts(instance.service()).get(instance.index());
    }

    /** Every instance of {@code service} this stack starts ({@link StackOptions#instances()}), first one first. */
    public List<Instance> instances(Service service) {
        if (!options.services().contains(service)) {
            throw new IllegalStateException(service + " is not part of this stack");
        }
        List<Instance> instances = new ArrayList<>();
        for (int i = 0; i < options.instances(); i++) {
            instances.add(new Instance(service, i));
        }
        return instances;
    }

    /**
     * The folder where the stack's mail sink keeps every e-mail the services send, one {@code .eml} file each; null
     * when it started none ({@link StackOptions#mailSink()}: the mailer points elsewhere).
     */
    public Path mailDir() {
        return mailSink == null ? null : mailSink.directory();
    }

    public StackOptions options() {
        return options;
    }

    public Path logsDir() {
        return options.dataDir().resolve("logs");
    }

    /** Every process this stack started and still runs (Kafka, services), e.g. to check none is left behind. */
    public List<ProcessHandle> processes() {
        List<ProcessHandle> processes = new ArrayList<>();
        KafkaBroker broker = currentKafka();
        if (broker != null) {
            processes.add(broker.process());
        }
        services.values().forEach(service -> processes.add(service.process()));
        return processes;
    }

    /**
     * The stack's processes by name, for figures per process: {@code kafka}, each running service instance by its
     * name ({@link Instance#name()}: the module name, {@code invoice-service-2} for a second instance), and
     * {@code postgres} (the postmaster, whose children are the backends) when the stack started it.
     */
    public Map<String, ProcessHandle> namedProcesses() {
        Map<String, ProcessHandle> named = new LinkedHashMap<>();
        synchronized (this) {
            services.forEach((instance, process) -> named.put(instance.name(), process.process()));
        }
        KafkaBroker broker = currentKafka();
        if (broker != null) {
            named.put("kafka", broker.process());
        }
        if (postgres != null) {
            postgres.postmaster().ifPresent(postmaster -> named.put("postgres", postmaster));
        }
        return named;
    }

    private void startAll() {
        long start = System.nanoTime();
        Path data = options.dataDir();
        requireBuilt();
        lock = StackLock.acquire(data);
        pidFiles.stopLeftovers().forEach(progress::line);
        requirePortsFree();
        demoAccount = options.bootstrapTokens() != null
                ? DemoAccount.firstOf(options.bootstrapTokens())
                : DemoAccount.loadOrCreate(data);
        createDirectories(logsDir(), data.resolve("keys"), data.resolve("upo-keys"));
        shutdownHook = new Thread(this::close, "ksef-hub-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);

        postgres = progress.step("PostgreSQL", this::startPostgres,
                server -> server.description() + " on " + server.host() + ":" + server.port());
        KafkaBroker broker = progress.step("Kafka", this::startFirstKafka, started -> started.bootstrapServers());
        synchronized (this) {
            kafka = broker;
        }
        if (options.mailSink()) {
            mailSink = progress.step("mail sink", this::startMailSink,
                    sink -> "SMTP " + sink.host() + ":" + sink.port());
        }
        if (!options.services().isEmpty()) {
            startServices();
        }
        if (options.edge()) {
            progress.step("edge", this::startEdge, proxy -> options.edgeHost() + ":" + proxy.port());
        }
        ready = true;
        progress.line("ready in " + Progress.since(start) + ": " + baseUrl());
        if (options.services().contains(Service.SESSION)) {
            progress.line("  demo taxpayer: NIP " + demoAccount.nip() + ", KSeF token " + demoAccount.token());
        }
        if (mailSink != null) {
            progress.line("  e-mails (recurring invoices) are kept as .eml files in " + mailSink.directory());
        }
        progress.line("  logs in " + logsDir() + "; Ctrl-C stops everything");
    }

    private PostgresServer startPostgres() {
        PostgresServer server = PostgresLauncher.start(new PostgresLauncher.Options(options.databaseUrl(),
                options.databaseUser(), options.databasePassword(), options.postgresMode(), options.pgBin(),
                options.dataDir(), logsDir().resolve("postgres.log"), options.postgresPort()), progress::line);
        register("PostgreSQL", server);
        Databases.ensure(server, Arrays.stream(Service.values()).map(Service::database).toList());
        return server;
    }

    private KafkaBroker startFirstKafka() {
        KafkaBroker broker = launchKafka();
        register("Kafka", () -> {
            KafkaBroker current = currentKafka();
            if (current != null) {
                current.close();
            }
            pidFiles.remove("kafka");
        });
        KafkaTopics.ensure(broker.bootstrapServers(), options.startupTimeout());
        return broker;
    }

    /** Starts the broker on its port and log directory (formatted the first time only) and waits until it listens. */
    private KafkaBroker launchKafka() {
        KafkaBroker broker = KafkaBroker.start(new KafkaBroker.Config(options.kafkaLibsDir(),
                options.dataDir().resolve("kafka"), logsDir().resolve("kafka.log"), options.kafkaPort(),
                options.kafkaControllerPort()), options.startupTimeout());
        pidFiles.write("kafka", broker.process(), options.dataDir().resolve("kafka").toString());
        broker.exitCode().thenAccept(code -> {
            // A broker killed on purpose is no longer the stack's current one.
            if (currentKafka() == broker) {
                reportUnexpectedExit("Kafka", code, logsDir().resolve("kafka.log"));
            }
        });
        return broker;
    }

    private synchronized KafkaBroker currentKafka() {
        return kafka;
    }

    /**
     * {@code kill -9} of the broker, as in a crash: no controlled shutdown. Returns once it has ended; the services
     * keep running and reconnect when {@link #startKafka} has started it again.
     */
    public void killKafka() {
        KafkaBroker broker;
        synchronized (this) {
            broker = kafka;
            if (broker == null) {
                throw new IllegalStateException("Kafka is not running in this stack");
            }
            kafka = null;
        }
        pidFiles.remove("kafka");
        broker.kill();
    }

    /** Starts a killed broker again, on the same port with the same log directory, and waits until it listens. */
    public void startKafka() {
        synchronized (this) {
            if (kafka != null) {
                throw new IllegalStateException("Kafka is already running");
            }
        }
        KafkaBroker broker = launchKafka();
        synchronized (this) {
            kafka = broker;
        }
    }

    /**
     * Restarts PostgreSQL (fast shutdown: every service's connections are cut) on the same port and data, and
     * returns once it accepts connections again. The services are not told: their pools reconnect.
     */
    public void restartPostgres() {
        postgres.restart();
    }

    /** recurring-service e-mails invoices; without a relay of the user's, here is where they can be seen. */
    private MailSink startMailSink() {
        MailSink sink = MailSink.start("127.0.0.1", options.mailPort(), options.dataDir().resolve("mail"));
        register("mail sink", sink);
        return sink;
    }

    /** Starts the services at once (they start faster side by side), then waits for each to be ready. */
    private void startServices() {
        Set<Service> wanted = options.services();
        progress.line("starting " + wanted.stream().map(Service::moduleName).collect(Collectors.joining(", "))
                + "…");
        long start = System.nanoTime();
        register("services", this::stopServices);
        for (Service service : wanted) {
            instances(service).forEach(this::launch);
        }
        List<ServiceProcess> launched;
        synchronized (this) {
            launched = List.copyOf(services.values());
        }
        inParallel(launched, process -> {
            String remark = process.awaitReady(options.startupTimeout());
            progress.line("  " + process.instance() + " ready in " + Progress.since(start) + " (127.0.0.1:"
                    + process.port() + (remark == null ? "" : "; " + remark) + ")");
        });
    }

    /** Starts one instance's process on its port and returns at once; the caller awaits its readiness. */
    private ServiceProcess launch(Instance instance) {
        int port = instancePort(instance);
        Path jar = ServiceProcess.jar(options.repoDir(), instance.service());
        ServiceProcess process = ServiceProcess.start(instance, port, jar, environment(instance),
                options.dataDir(), logsDir().resolve(instance.name() + ".log"));
        synchronized (this) {
            if (closed) {
                process.close();
                throw new StackException("Stopped while starting");
            }
            services.put(instance, process);
        }
        pidFiles.write(instance.name(), process.process(), jar.toString());
        process.exitCode().thenAccept(code -> {
            // A process that was stopped or killed on purpose is no longer the instance's current one.
            if (currentProcess(instance) == process) {
                reportUnexpectedExit(instance.name(), code, process.logFile());
            }
        });
        return process;
    }

    private synchronized ServiceProcess currentProcess(Instance instance) {
        return services.get(instance);
    }

    private ServiceProcess takeRunning(Instance instance) {
        ServiceProcess process;
        synchronized (this) {
            process = services.remove(instance);
        }
        if (process == null) {
            throw new IllegalStateException(instance + " is not running in this stack");
        }
        pidFiles.remove(instance.name());
        return process;
    }

    /** {@link #stopInstance} of the service's first (or only) instance. */
    public void stopService(Service service, Duration grace) {
        stopInstance(Instance.first(service), grace);
    }

    /**
     * Stops one instance as Kubernetes would: SIGTERM, then up to {@code grace} for its graceful shutdown, then
     * SIGKILL. Returns once it has ended; {@link #startInstance} starts it again on the same port.
     */
    public void stopInstance(Instance instance, Duration grace) {
        takeRunning(instance).stop(grace);
    }

    /** {@link #killInstance} of the service's first (or only) instance. */
    public void killService(Service service) {
        killInstance(Instance.first(service));
    }

    /** {@code kill -9} of one instance: no shutdown at all, as in a crash. Returns once it has ended. */
    public void killInstance(Instance instance) {
        takeRunning(instance).kill();
    }

    /** {@link #startInstance} of the service's first (or only) instance. */
    public void startService(Service service) {
        startInstance(Instance.first(service));
    }

    /** Starts a stopped or killed instance again, on its port and with its configuration, and waits until ready. */
    public void startInstance(Instance instance) {
        synchronized (this) {
            if (services.containsKey(instance)) {
                throw new IllegalStateException(instance + " is already running");
            }
        }
        ServiceProcess process = launch(instance);
        process.awaitReady(options.startupTimeout());
    }

    /** {@link #stopService} then {@link #startService}: one step of a rolling restart. */
    public void restartService(Service service, Duration grace) {
        stopService(service, grace);
        startService(service);
    }

    /** SIGSTOP of one service, e.g. past the consumers' session timeout; {@link #resumeService} ends it. */
    public void pauseService(Service service) {
        running(Instance.first(service)).pause();
    }

    public void resumeService(Service service) {
        running(Instance.first(service)).resume();
    }

    private ServiceProcess running(Instance instance) {
        ServiceProcess process = currentProcess(instance);
        if (process == null) {
            throw new IllegalStateException(instance + " is not running in this stack");
        }
        return process;
    }

    /**
     * Runs {@code action} for each item on a thread of its own (the common pool has one thread on 2 cores) and
     * returns when all succeeded, or throws the first failure at once.
     */
    private static <T> void inParallel(List<T> items, Consumer<T> action) {
        ExecutorService threads = Executors.newFixedThreadPool(Math.max(1, items.size()));
        try {
            CompletableFuture<Void> firstFailure = new CompletableFuture<>();
            CompletableFuture<?>[] all = items.stream()
                    .map(item -> CompletableFuture.runAsync(() -> action.accept(item), threads)
                            .whenComplete((ok, failure) -> {
                                if (failure != null) {
                                    firstFailure.completeExceptionally(failure);
                                }
                            }))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.anyOf(CompletableFuture.allOf(all), firstFailure).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        } finally {
            threads.shutdown();
        }
    }

    /**
     * The configuration every service reads (docs/EVENTS.md, "Shared configuration"). Instances of one service
     * differ only in their port and their name; the rest (database, broker, consumer groups, keys, folders) they
     * share, as replicas of one Deployment do.
     */
    private Map<String, String> environment(Instance instance) {
        Service service = instance.service();
        Path data = options.dataDir();
        int sessionPort = options.servicePorts().get(Service.SESSION);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("QUARKUS_HTTP_HOST", "127.0.0.1");
        env.put("QUARKUS_HTTP_PORT", Integer.toString(instancePort(instance)));
        // Traces tell the instances apart (heartbeats do by host and pid already, HeartbeatConfig#instanceId).
        env.put("QUARKUS_OTEL_RESOURCE_ATTRIBUTES", "service.instance.id=" + instance.name());
        env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrapServers());
        env.put("QUARKUS_DATASOURCE_REACTIVE_URL", postgres.reactiveUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_JDBC_URL", postgres.jdbcUrl(service.database()));
        env.put("QUARKUS_DATASOURCE_USERNAME", postgres.user());
        env.put("QUARKUS_DATASOURCE_PASSWORD", postgres.password());
        env.put("KSEF_KEYS_DIR", data.resolve("keys").toString());
        env.put("KSEF_UPO_KEYS_DIR", data.resolve("upo-keys").toString());
        // Every session-service instance signs with the same keys (KSEF_KEYS_DIR), so the first one's JWKS serves all.
        env.put("KSEF_AUTH_JWKS_URL", "http://127.0.0.1:" + sessionPort + "/v2/.well-known/jwks.json");
        env.put("KSEF_PUBLIC_BASE_URL", options.publicBaseUrl() != null ? options.publicBaseUrl() : baseUrl());
        if (mailSink != null) {
            env.put("QUARKUS_MAILER_HOST", mailSink.host());
            env.put("QUARKUS_MAILER_PORT", Integer.toString(mailSink.port()));
            env.put("QUARKUS_MAILER_START_TLS", "DISABLED");
        }
        if (service == Service.INVOICE) {
            // Batch parts wait for their package's processing here, with the rest of the stack's data. One folder
            // for every instance, as a shared volume would be: a part uploaded through one instance is read by
            // whichever instance processes its package (parts are written under a unique name and renamed, so two
            // instances never see a half part), and export packages are served by whichever instance is asked.
            env.put("KSEF_INVOICE_BATCH_STORAGE_DIRECTORY", data.resolve("batch-parts").toString());
            env.put("KSEF_INVOICE_EXPORTS_STORAGE_DIRECTORY", data.resolve("exports").toString());
        }
        // Nothing routes by readiness here (the edge sends again what a stopping service refuses), so not the 5 s
        // Kubernetes needs; but 1 s of answers with Connection: close before the refusals and the drain, so that
        // the edge has seen the stop and left the service's pooled connections before its server closes them
        // (README, "Graceful shutdown").
        env.put("QUARKUS_SHUTDOWN_DELAY", "1s");
        env.putAll(options.serviceEnvironment());
        if (service == Service.SESSION) {
            env.put("KSEF_BOOTSTRAP_TOKENS", options.bootstrapTokens() != null
                    ? options.bootstrapTokens() : demoAccount.asBootstrapTokens());
            // The local stack behaves as the KSeF test environment: self-signed XAdES certificates are accepted
            // and /testdata is open. Production configuration keeps it off.
            env.put("KSEF_SESSION_TEST_MODE", System.getenv().getOrDefault("KSEF_SESSION_TEST_MODE", "true"));
        }
        return env;
    }

    private EdgeProxy startEdge() {
        Vertx vertx = Vertx.vertx();
        register("edge", () -> vertx.close().toCompletionStage().toCompletableFuture().join());
        Map<Service, List<Integer>> upstreams = new EnumMap<>(Service.class);
        options.services().forEach(service -> upstreams.put(service, options.instancePorts(service)));
        // One line per request in <data>/logs/edge-access.log; JSON lines with KSEF_EDGE_LOG_JSON=true.
        EdgeAccessLog accessLog = EdgeAccessLog.toFile(logsDir().resolve("edge-access.log"),
                EdgeAccessLog.jsonFrom(System.getenv()));
        register("edge access log", accessLog::close);
        // A service restarted on purpose (restartService) is briefly unreachable: the edge sends again what it
        // could not deliver (KSEF_EDGE_RETRY_FOR, default 30 s).
        return EdgeProxy.startBalancing(vertx, options.edgeHost(), options.edgePort(), upstreams,
                options.edgeRetries(), accessLog);
    }

    private void stopServices() {
        List<ServiceProcess> toStop;
        synchronized (this) {
            toStop = List.copyOf(services.values());
        }
        inParallel(toStop, process -> {
            process.close();
            pidFiles.remove(process.instance().name());
        });
    }

    /** A child that ends while the stack runs is worth a line: the stack goes on without it. */
    private void reportUnexpectedExit(String name, int exitCode, Path logFile) {
        synchronized (this) {
            if (closed || !ready) {
                return; // while starting, the start itself reports the failure
            }
        }
        progress.line(name + " exited unexpectedly with code " + exitCode + "; see " + logFile);
    }

    /** Fails before anything starts when a service to start has not been packaged. */
    private void requireBuilt() {
        List<String> missing = options.services().stream()
                .map(service -> ServiceProcess.jar(options.repoDir(), service))
                .filter(jar -> !Files.isRegularFile(jar))
                .map(Path::toString)
                .toList();
        if (!missing.isEmpty()) {
            throw new StackException("Not built yet: " + String.join(", ", missing) + ". Build first: bin/ksef-hub "
                    + "does (without KSEF_SKIP_BUILD), or mvn -B -DskipTests install");
        }
    }

    private void requirePortsFree() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        if (options.edge()) {
            ports.put("edge", options.edgePort());
        }
        ports.put("Kafka", options.kafkaPort());
        ports.put("Kafka controller", options.kafkaControllerPort());
        if (options.mailSink()) {
            ports.put("mail sink", options.mailPort());
        }
        options.services().forEach(service -> instances(service)
                .forEach(instance -> ports.put(instance.name(), instancePort(instance))));
        ports.forEach((what, port) -> {
            String host = what.equals("edge") ? options.edgeHost() : "127.0.0.1";
            if (Ports.isTaken(host, port)) {
                throw new StackException("Port " + port + " (" + what + ") is already in use: is another ksef-hub "
                        + "running? Stop it, or choose other ports (README: Configuration).");
            }
        });
    }

    private static void createDirectories(Path... dirs) {
        for (Path dir : dirs) {
            try {
                Files.createDirectories(dir);
            } catch (IOException e) {
                throw new StackException("Could not create " + dir + ": " + e, e);
            }
        }
    }

    private synchronized void register(String name, AutoCloseable stop) {
        if (closed) {
            closeQuietly(new Running(name, stop));
            throw new StackException("Stopped while starting");
        }
        running.push(new Running(name, stop));
    }

    /** Blocks until the JVM shuts down (Ctrl-C); the shutdown hook then stops the stack. */
    public void awaitShutdown() throws InterruptedException {
        new CountDownLatch(1).await();
    }

    /**
     * Stops everything this stack started, newest first: edge, services, mail sink, Kafka, PostgreSQL. Idempotent.
     */
    @Override
    public void close() {
        List<Running> toStop;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(running);
            running.clear();
        }
        removeShutdownHook();
        if (!toStop.isEmpty()) {
            long start = System.nanoTime();
            progress.line("stopping…");
            toStop.forEach(LocalStack::closeQuietly);
            progress.line("stopped in " + Progress.since(start));
        }
        if (lock != null) {
            lock.close();
        }
    }

    private void removeShutdownHook() {
        if (shutdownHook != null && Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException e) {
                // The JVM is already shutting down; the hook is this very call or runs next.
            }
        }
    }

    private static void closeQuietly(Running part) {
        try {
            part.stop().close();
        } catch (Exception e) {
            System.err.println("[ksef-hub] could not stop " + part.name() + " cleanly: " + e.getMessage());
        }
    }

    /**
     * {@code bin/ksef-hub}: starts the stack configured by the {@code KSEF_*} environment variables and the
     * arguments, and runs until Ctrl-C.
     */
    public static void main(String[] args) {
        StackOptions.Builder builder;
        try {
            builder = StackOptions.builder().fromEnvironment(System.getenv());
            for (String arg : args) {
                if (arg.equals("--only-infra")) {
                    builder.onlyInfra();
                } else if (arg.startsWith("--services=")) {
                    builder.services(Arrays.stream(arg.substring("--services=".length()).split(","))
                            .filter(name -> !name.isBlank())
                            .map(Service::fromName)
                            .collect(Collectors.toCollection(() -> EnumSet.noneOf(Service.class))));
                } else if (arg.startsWith("--instances=")) {
                    builder.instances(instancesArgument(arg.substring("--instances=".length())));
                } else if (arg.startsWith("--data-dir=")) {
                    builder.dataDir(Path.of(arg.substring("--data-dir=".length())));
                } else if (arg.equals("--help") || arg.equals("-h")) {
                    System.out.println(usage());
                    return;
                } else {
                    System.err.println("[ksef-hub] unknown argument " + arg + "\n" + usage());
                    System.exit(2);
                    return;
                }
            }
        } catch (RuntimeException e) {
            System.err.println("[ksef-hub] " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            LocalStack.start(builder.build()).awaitShutdown();
        } catch (StackException e) {
            System.err.println("[ksef-hub] " + e.getMessage());
            System.exit(1);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static int instancesArgument(String value) {
        try {
            return Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new StackException("--instances= must be a number, not '" + value + "'");
        }
    }

    private static String usage() {
        return String.join("\n",
                "usage: bin/ksef-hub [--only-infra | --services=session,invoice,...] [--instances=N] [--data-dir=PATH]",
                "  --only-infra   PostgreSQL, Kafka and the edge, no service",
                "  --services=    only these services (session, invoice, upo, recurring)",
                "  --instances=   run N instances of each service (1 to " + StackOptions.MAX_INSTANCES
                        + "; or KSEF_INSTANCES): ports +" + StackOptions.INSTANCE_PORT_STEP
                        + " each, one database and consumer group per service, the edge balances",
                "  --data-dir=    data folder (default .ksef-data in the repository; or KSEF_DATA_DIR)",
                "Configuration variables: see README.md, section Configuration.");
    }
}

package pl.ksefhub.deploy;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

import pl.ksefhub.deploy.edge.Retries;
import pl.ksefhub.deploy.postgres.PostgresMode;
import pl.ksefhub.deploy.services.Service;

/**
 * What {@link LocalStack} starts and where. Build with {@link #builder()}: defaults are the fixed ports of
 * docs/EVENTS.md and the data folder {@code <repo>/.ksef-data}; {@link Builder#fromEnvironment} applies the
 * {@code KSEF_*} variables (the launcher's {@code main} does), {@link Builder#freePorts()} suits tests.
 */
public record StackOptions(
        Path repoDir,
        Path dataDir,
        Path kafkaLibsDir,
        Set<Service> services,
        boolean edge,
        String edgeHost,
        int edgePort,
        int kafkaPort,
        int kafkaControllerPort,
        int postgresPort,
        int mailPort,
        Map<Service, Integer> servicePorts,
        int instances,
        Map<Service, List<Integer>> instancePorts,
        String databaseUrl,
        String databaseUser,
        String databasePassword,
        PostgresMode postgresMode,
        String pgBin,
        String bootstrapTokens,
        String publicBaseUrl,
        Duration startupTimeout,
        PrintStream output,
        Map<String, String> serviceEnvironment,
        Retries edgeRetries) {

    public static final int DEFAULT_EDGE_PORT = 8080;
    public static final int DEFAULT_KAFKA_PORT = 9092;
    public static final int DEFAULT_KAFKA_CONTROLLER_PORT = 9093;
    public static final int DEFAULT_POSTGRES_PORT = 55432;
    public static final int DEFAULT_MAIL_PORT = 2525;
    /**
     * Further instances of a service listen at its port plus this for each instance before: 8081, 8181, 8281 for
     * session-service with the default ports, clear of every other default port.
     */
    public static final int INSTANCE_PORT_STEP = 100;
    /** Each instance is a JVM of about 255 MB resident; more than this on one machine helps nothing. */
    public static final int MAX_INSTANCES = 4;

    /** Settings that say where e-mail goes; with any of them set the launcher starts no mail sink of its own. */
    private static final Set<String> MAILER_TARGET = Set.of("QUARKUS_MAILER_HOST", "QUARKUS_MAILER_PORT",
            "QUARKUS_MAILER_MOCK");

    /** Defaults for the repository this code runs in (see {@link #locateRepository()}). */
    public static Builder builder() {
        return new Builder(locateRepository());
    }

    /** Defaults for the repository at {@code repoDir}. */
    public static Builder builder(Path repoDir) {
        return new Builder(repoDir);
    }

    /**
     * Whether the launcher starts its mail sink: recurring-service runs and no {@code QUARKUS_MAILER_HOST},
     * {@code _PORT} or {@code _MOCK} says where its e-mail goes instead.
     */
    public boolean mailSink() {
        return services.contains(Service.RECURRING)
                && MAILER_TARGET.stream().noneMatch(serviceEnvironment::containsKey);
    }

    /**
     * The HTTP ports of a service's instances, the first one {@link #servicePorts()}'s; one per instance
     * ({@link #instances()}).
     */
    public List<Integer> instancePorts(Service service) {
        return instancePorts.get(service);
    }

    /** The edge's URL as clients use it: {@code http://localhost:<edgePort>}. */
    public String baseUrl() {
        return "http://localhost:" + edgePort;
    }

    /**
     * The repository root: system property {@code ksef.repo.dir}, else {@code KSEF_HUB_HOME}, else the nearest
     * folder at or above the working directory that holds {@code deploy/pom.xml}.
     */
    public static Path locateRepository() {
        String configured = System.getProperty("ksef.repo.dir", System.getenv("KSEF_HUB_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy/pom.xml")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new StackException("Cannot find the ksef-hub repository above " + Path.of("").toAbsolutePath()
                + ": run from inside it, or set KSEF_HUB_HOME");
    }

    public static final class Builder {
        private final Path repoDir;
        private Path dataDir;
        private Path kafkaLibsDir;
        private Set<Service> services = EnumSet.allOf(Service.class);
        private boolean edge = true;
        private String edgeHost = "127.0.0.1";
        private int edgePort = DEFAULT_EDGE_PORT;
        private int kafkaPort = DEFAULT_KAFKA_PORT;
        private int kafkaControllerPort = DEFAULT_KAFKA_CONTROLLER_PORT;
        private int postgresPort = DEFAULT_POSTGRES_PORT;
        private int mailPort = DEFAULT_MAIL_PORT;
        private final Map<Service, Integer> servicePorts = new EnumMap<>(Service.class);
        private int instances = 1;
        /** Whether further instances take free ports too ({@link #freePorts()}), not their port plus a step. */
        private boolean freeInstancePorts;
        private String databaseUrl;
        private String databaseUser;
        private String databasePassword;
        private PostgresMode postgresMode = PostgresMode.AUTO;
        private String pgBin;
        private String bootstrapTokens;
        private String publicBaseUrl;
        private final Map<String, String> serviceEnvironment = new java.util.LinkedHashMap<>();
        private Duration startupTimeout = Duration.ofSeconds(180);
        private PrintStream output = System.out;
        private Retries edgeRetries = Retries.DEFAULT;

        private Builder(Path repoDir) {
            this.repoDir = repoDir.toAbsolutePath().normalize();
            this.dataDir = this.repoDir.resolve(".ksef-data");
            String libs = System.getProperty("ksef.kafka.libs");
            this.kafkaLibsDir = libs != null ? Path.of(libs) : this.repoDir.resolve("deploy/target/kafka-libs");
            Arrays.stream(Service.values()).forEach(s -> servicePorts.put(s, s.defaultPort()));
        }

        /**
         * Applies the configuration variables: {@code KSEF_DATA_DIR}, {@code KSEF_EDGE_HOST},
         * {@code KSEF_EDGE_PORT}, {@code KSEF_KAFKA_PORT}, {@code KSEF_KAFKA_CONTROLLER_PORT}, {@code KSEF_PG_PORT},
         * {@code KSEF_MAIL_PORT},
         * {@code KSEF_SESSION_PORT} (and INVOICE, UPO, RECURRING), {@code KSEF_INSTANCES}, {@code KSEF_DB_URL},
         * {@code KSEF_DB_USER},
         * {@code KSEF_DB_PASSWORD}, {@code KSEF_POSTGRES} (auto, binaries, embedded), {@code PG_BIN},
         * {@code KSEF_BOOTSTRAP_TOKENS}, {@code KSEF_PUBLIC_BASE_URL}, {@code KSEF_STARTUP_TIMEOUT} (seconds),
         * {@code KSEF_EDGE_RETRY_FOR}, {@code KSEF_EDGE_RETRY_MAX_BODY} ({@link Retries}).
         */
        public Builder fromEnvironment(Map<String, String> env) {
            ifSet(env, "KSEF_DATA_DIR", value -> dataDir(Path.of(value)));
            ifSet(env, "KSEF_EDGE_HOST", this::edgeHost);
            ifSet(env, "KSEF_EDGE_PORT", value -> edgePort(number("KSEF_EDGE_PORT", value)));
            ifSet(env, "KSEF_KAFKA_PORT", value -> kafkaPort = number("KSEF_KAFKA_PORT", value));
            ifSet(env, "KSEF_KAFKA_CONTROLLER_PORT",
                    value -> kafkaControllerPort = number("KSEF_KAFKA_CONTROLLER_PORT", value));
            ifSet(env, "KSEF_PG_PORT", value -> postgresPort(number("KSEF_PG_PORT", value)));
            ifSet(env, "KSEF_MAIL_PORT", value -> mailPort(number("KSEF_MAIL_PORT", value)));
            for (Service service : Service.values()) {
                String name = "KSEF_" + service.name() + "_PORT";
                ifSet(env, name, value -> servicePort(service, number(name, value)));
            }
            ifSet(env, "KSEF_INSTANCES", value -> instances(number("KSEF_INSTANCES", value)));
            ifSet(env, "KSEF_DB_URL", value -> databaseUrl = value);
            ifSet(env, "KSEF_DB_USER", value -> databaseUser = value);
            ifSet(env, "KSEF_DB_PASSWORD", value -> databasePassword = value);
            ifSet(env, "KSEF_POSTGRES", value -> postgresMode(parseMode(value)));
            ifSet(env, "PG_BIN", value -> pgBin = value);
            ifSet(env, "KSEF_BOOTSTRAP_TOKENS", this::bootstrapTokens);
            // The SMTP server recurring-service e-mails invoices through (QUARKUS_MAILER_HOST, _PORT, _FROM, ...).
            env.forEach((name, value) -> {
                if (name.startsWith("QUARKUS_MAILER_")) {
                    serviceEnvironment(name, value);
                }
            });
            ifSet(env, "KSEF_PUBLIC_BASE_URL", this::publicBaseUrl);
            ifSet(env, "KSEF_STARTUP_TIMEOUT",
                    value -> startupTimeout(Duration.ofSeconds(number("KSEF_STARTUP_TIMEOUT", value))));
            edgeRetries(Retries.fromEnvironment(env));
            return this;
        }

        public Builder dataDir(Path dataDir) {
            this.dataDir = dataDir.toAbsolutePath().normalize();
            return this;
        }

        public Builder kafkaLibsDir(Path kafkaLibsDir) {
            this.kafkaLibsDir = kafkaLibsDir;
            return this;
        }

        /** Start only these services (Kafka, PostgreSQL and the edge are always started). */
        public Builder services(Set<Service> services) {
            this.services = services.isEmpty() ? EnumSet.noneOf(Service.class) : EnumSet.copyOf(services);
            return this;
        }

        /** Kafka, PostgreSQL and the edge, no service (the edge then answers 503 for every route). */
        public Builder onlyInfra() {
            return services(Set.of());
        }

        public Builder edge(boolean edge) {
            this.edge = edge;
            return this;
        }

        /** The interface the edge binds: 127.0.0.1 by default, 0.0.0.0 to serve other machines. */
        public Builder edgeHost(String edgeHost) {
            this.edgeHost = edgeHost;
            return this;
        }

        public Builder edgePort(int edgePort) {
            this.edgePort = edgePort;
            return this;
        }

        public Builder kafkaPorts(int port, int controllerPort) {
            this.kafkaPort = port;
            this.kafkaControllerPort = controllerPort;
            return this;
        }

        public Builder postgresPort(int postgresPort) {
            this.postgresPort = postgresPort;
            return this;
        }

        /** The port of the mail sink's SMTP server on 127.0.0.1 (when the launcher starts one). */
        public Builder mailPort(int mailPort) {
            this.mailPort = mailPort;
            return this;
        }

        public Builder servicePort(Service service, int port) {
            servicePorts.put(service, port);
            return this;
        }

        /**
         * How many instances of each service to run (1 to {@link #MAX_INSTANCES}): each its own process on its own
         * port ({@link StackOptions#instancePorts}), with the same database and Kafka consumer groups as its
         * siblings; the edge shares requests among them.
         */
        public Builder instances(int instances) {
            if (instances < 1 || instances > MAX_INSTANCES) {
                throw new StackException("The number of instances must be 1 to " + MAX_INSTANCES + ", not "
                        + instances);
            }
            this.instances = instances;
            return this;
        }

        /** Every port (edge, Kafka, controller, PostgreSQL, mail, services) chosen free now: for tests. */
        public Builder freePorts() {
            freeInstancePorts = true;
            edgePort = Ports.free();
            kafkaPort = Ports.free();
            kafkaControllerPort = Ports.free();
            postgresPort = Ports.free();
            mailPort = Ports.free();
            Arrays.stream(Service.values()).forEach(s -> servicePorts.put(s, Ports.free()));
            return this;
        }

        /** Use this server ({@code postgresql://host:port}) instead of starting one. */
        public Builder externalDatabase(String url, String user, String password) {
            this.databaseUrl = url;
            this.databaseUser = user;
            this.databasePassword = password;
            return this;
        }

        public Builder postgresMode(PostgresMode postgresMode) {
            this.postgresMode = postgresMode;
            return this;
        }

        public Builder pgBin(String pgBin) {
            this.pgBin = pgBin;
            return this;
        }

        /** {@code NIP:token[,NIP:token...]} for session-service; by default a demo account (see DemoAccount). */
        public Builder bootstrapTokens(String bootstrapTokens) {
            this.bootstrapTokens = bootstrapTokens;
            return this;
        }

        /** The URL the services put into absolute links; by default the edge's {@code http://localhost:<port>}. */
        public Builder publicBaseUrl(String publicBaseUrl) {
            this.publicBaseUrl = publicBaseUrl;
            return this;
        }

        /** How long Kafka and each service may take to become ready. */
        public Builder startupTimeout(Duration startupTimeout) {
            this.startupTimeout = startupTimeout;
            return this;
        }

        /**
         * An environment variable for every service on top of what the launcher sets, e.g. {@code QUARKUS_MAILER_HOST}
         * for recurring-service's SMTP server.
         */
        public Builder serviceEnvironment(String name, String value) {
            serviceEnvironment.put(name, value);
            return this;
        }

        /** How long the edge sends again what a restarting service could not take; {@link Retries#DEFAULT}. */
        public Builder edgeRetries(Retries edgeRetries) {
            this.edgeRetries = edgeRetries;
            return this;
        }

        /** Where progress lines go; System.out by default. */
        public Builder output(PrintStream output) {
            this.output = output;
            return this;
        }

        public StackOptions build() {
            return new StackOptions(repoDir, dataDir, kafkaLibsDir,
                    Collections.unmodifiableSet(EnumSet.copyOf(services)), edge, edgeHost, edgePort,
                    kafkaPort, kafkaControllerPort, postgresPort, mailPort, Collections.unmodifiableMap(
                    new EnumMap<>(servicePorts)), instances, instancePorts(), databaseUrl, databaseUser,
                    databasePassword, postgresMode, pgBin,
                    bootstrapTokens, publicBaseUrl, startupTimeout, output, Map.copyOf(serviceEnvironment),
                    edgeRetries);
        }

        private Map<Service, List<Integer>> instancePorts() {
            Map<Service, List<Integer>> ports = new EnumMap<>(Service.class);
            servicePorts.forEach((service, first) -> {
                List<Integer> all = new ArrayList<>(List.of(first));
                for (int i = 1; i < instances; i++) {
                    all.add(freeInstancePorts ? Ports.free() : first + i * INSTANCE_PORT_STEP);
                }
                ports.put(service, List.copyOf(all));
            });
            return Collections.unmodifiableMap(ports);
        }

        private static void ifSet(Map<String, String> env, String name, Consumer<String> apply) {
            String value = env.get(name);
            if (value != null && !value.isBlank()) {
                apply.accept(value.trim());
            }
        }

        private static int number(String name, String value) {
            try {
                return Integer.parseInt(value);
            } catch (NumberFormatException e) {
                throw new StackException(name + " must be a number, not '" + value + "'");
            }
        }

        private static PostgresMode parseMode(String value) {
            try {
                return PostgresMode.valueOf(value.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new StackException("KSEF_POSTGRES must be auto, binaries or embedded, not '" + value + "'");
            }
        }
    }
}

package pl.ksefhub.testsupport;

import io.smallrye.reactive.messaging.kafka.companion.test.EmbeddedKafkaBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * One real Kafka broker (KRaft) and one real PostgreSQL per test JVM, started on first use on free ports, stopped
 * when the JVM exits. {@code KAFKA_BOOTSTRAP_SERVERS} and {@code KSEF_TEST_PG_URL}
 * ({@code jdbc:postgresql://host:port}, with {@code KSEF_TEST_PG_USER}/{@code KSEF_TEST_PG_PASSWORD}) point the
 * tests at servers already running instead.
 */
public final class TestInfrastructure {

    public static final List<String> TOPICS = List.of("ksef.session.events", "ksef.invoice.events",
            "ksef.upo.events", "ksef.submissions", "ksef.recurring.events");

    /**
     * Topics without a {@code .dlq} twin, with the configuration the stack gives them: revoked authentication
     * sessions, kept 7 days (a refresh token's lifetime) and compacted by key, read from the beginning by every
     * service instance; the services' heartbeats, kept one hour (ephemeral: only the newest matter); and the
     * contexts' rate-limit settings, compacted (each context's latest values, kept for good).
     */
    public static final Map<String, Map<String, String>> CONFIGURED_TOPICS = Map.of("ksef.auth.revocations",
            Map.of("cleanup.policy", "compact,delete", "retention.ms", "604800000"),
            "ksef.platform.heartbeats", Map.of("retention.ms", "3600000", "segment.ms", "600000"),
            "ksef.ratelimit.settings", Map.of("cleanup.policy", "compact"));

    private static EmbeddedKafkaBroker kafka;
    private static int kafkaPort;
    private static int controllerPort;
    private static String clusterId;
    private static Path kafkaLogDir;
    private static String bootstrapServers;
    private static EmbeddedPostgres postgres;
    private static String jdbcBase;
    private static String pgUser = "postgres";
    private static String pgPassword = "postgres";
    private static Path workDir;

    private TestInfrastructure() {
    }

    public static synchronized Path workDir() {
        if (workDir == null) {
            try {
                workDir = Files.createTempDirectory("ksef-test-");
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return workDir;
    }

    /** The broker's bootstrap servers; the broker and every topic (and its {@code .dlq}) exist on return. */
    public static synchronized String kafkaBootstrapServers() {
        if (bootstrapServers == null) {
            String configured = System.getenv("KAFKA_BOOTSTRAP_SERVERS");
            if (configured != null && !configured.isBlank()) {
                bootstrapServers = configured;
            } else {
                kafkaPort = freePort();
                controllerPort = freePort();
                kafkaLogDir = workDir().resolve("kafka");
                startKafka();
                bootstrapServers = "127.0.0.1:" + kafkaPort;
                Runtime.getRuntime().addShutdownHook(new Thread(TestInfrastructure::stopKafka));
            }
            createTopics();
        }
        return bootstrapServers;
    }

    /** Stops the embedded broker (for tests of what happens while Kafka is down); its data stays. */
    public static synchronized void stopKafka() {
        if (kafka != null) {
            kafka.close();
            kafka = null;
        }
    }

    /** Starts the embedded broker again on the same port with the same data. */
    public static synchronized void startKafka() {
        if (kafka != null) {
            return;
        }
        kafka = new EmbeddedKafkaBroker()
                .withNodeId(1)
                .withKafkaHost("127.0.0.1")
                .withKafkaPort(kafkaPort)
                .withControllerPort(controllerPort)
                .withDeleteLogDirsOnClose(false)
                .withAdditionalProperties(props -> {
                    props.put("log.dirs", kafkaLogDir.toString());
                    props.put("auto.create.topics.enable", "false");
                    props.put("group.initial.rebalance.delay.ms", "0");
                    props.put("offsets.topic.num.partitions", "3");
                });
        if (clusterId != null) {
            kafka.withClusterId(clusterId);
        }
        kafka.start();
        clusterId = kafka.getClusterId();
    }

    private static void createTopics() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (String topic : TOPICS) {
                for (String name : List.of(topic, topic + ".dlq")) {
                    if (!existing.contains(name)) {
                        missing.add(new NewTopic(name, 3, (short) 1));
                    }
                }
            }
            CONFIGURED_TOPICS.forEach((name, config) -> {
                if (!existing.contains(name)) {
                    missing.add(new NewTopic(name, 3, (short) 1).configs(config));
                }
            });
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(30, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    // On a loaded machine the admin client retries a create that timed out but went through.
                    if (!(e.getCause() instanceof org.apache.kafka.common.errors.TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create the topics", e);
        }
    }

    /** Creates the database when missing and returns its JDBC URL. */
    public static synchronized String database(String name) {
        if (jdbcBase == null) {
            String configured = System.getenv("KSEF_TEST_PG_URL");
            if (configured != null && !configured.isBlank()) {
                jdbcBase = configured.replaceAll("/+$", "");
                pgUser = System.getenv().getOrDefault("KSEF_TEST_PG_USER", "postgres");
                pgPassword = System.getenv().getOrDefault("KSEF_TEST_PG_PASSWORD", "postgres");
            } else {
                try {
                    postgres = EmbeddedPostgres.builder()
                            .setPort(freePort())
                            .setDataDirectory(workDir().resolve("pg"))
                            .setCleanDataDirectory(true)
                            .start();
                } catch (IOException e) {
                    throw new IllegalStateException("Cannot start PostgreSQL", e);
                }
                jdbcBase = "jdbc:postgresql://127.0.0.1:" + postgres.getPort();
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        postgres.close();
                    } catch (IOException ignored) {
                        // the JVM is going away
                    }
                }));
            }
        }
        try (Connection connection = DriverManager.getConnection(jdbcBase + "/postgres", pgUser, pgPassword);
             Statement statement = connection.createStatement()) {
            try (ResultSet rs = statement.executeQuery("select 1 from pg_database where datname = '" + name + "'")) {
                if (!rs.next()) {
                    statement.execute("create database " + name);
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot create database " + name, e);
        }
        return jdbcBase + "/" + name;
    }

    public static String pgUser() {
        return pgUser;
    }

    public static String pgPassword() {
        return pgPassword;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}

package pl.ksefhub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import pl.ksefhub.deploy.kafka.KafkaTopics;
import pl.ksefhub.deploy.postgres.Databases;
import pl.ksefhub.deploy.services.Service;

/**
 * The launcher as a library: Kafka, PostgreSQL and the edge (no services) on free ports in a temporary data
 * folder; topics and databases created; everything stopped; a restart finds the data again.
 */
class LocalStackInfraIT {

    private static final String MARKER_TOPIC = "ksef.it.marker";

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("ksef-stack-it");
        // As root PostgreSQL runs as user postgres, who must be able to reach the folder.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void startsInfrastructureStopsEverythingAndKeepsDataAcrossRestarts() throws Exception {
        StackOptions options = StackOptions.builder().dataDir(dataDir).freePorts().onlyInfra().build();
        List<ProcessHandle> started = new ArrayList<>();
        long postmasterPid;

        try (LocalStack stack = LocalStack.start(options)) {
            Map<String, TopicDescription> topics = describeTopics(stack.kafkaBootstrapServers());
            for (String topic : KafkaTopics.ALL) {
                assertTrue(topics.containsKey(topic), "topic " + topic + " in " + topics.keySet());
                assertEquals(3, topics.get(topic).partitions().size(), topic + " partitions");
            }
            createTopic(stack.kafkaBootstrapServers(), MARKER_TOPIC);

            assertTrue(databases(stack).containsAll(
                    Stream.of(Service.values()).map(Service::database).toList()), "databases " + databases(stack));
            execute(stack, "CREATE TABLE marker (id int PRIMARY KEY); INSERT INTO marker VALUES (42)");

            assertEquals(404, get(stack.baseUrl() + "/v2/no/such/route").statusCode());
            HttpResponse<String> noService = get(stack.baseUrl() + "/v2/sessions");
            assertEquals(503, noService.statusCode());
            assertTrue(noService.body().contains("session-service"), noService.body());

            StackException second = assertThrows(StackException.class, () -> LocalStack.start(
                    StackOptions.builder().dataDir(dataDir).freePorts().onlyInfra().output(quiet()).build()));
            assertTrue(second.getMessage().contains("already running"), second.getMessage());

            started.addAll(stack.processes());
            // This JVM's children of this stack only: a system test's stack may run in the same JVM.
            ProcessHandle.current().children()
                    .filter(child -> child.info().arguments()
                            .map(args -> String.join(" ", args).contains(dataDir.toString())).orElse(false))
                    .forEach(started::add);
            postmasterPid = postmasterPid().orElseThrow();
        }

        for (ProcessHandle process : started) {
            assertFalse(process.isAlive(), "still running after close: " + process.info());
        }
        assertFalse(ProcessHandle.of(postmasterPid).map(ProcessHandle::isAlive).orElse(false),
                "PostgreSQL still running");
        assertFalse(Ports.isTaken("127.0.0.1", options.kafkaPort()), "Kafka port free");
        assertFalse(Ports.isTaken("127.0.0.1", options.postgresPort()), "PostgreSQL port free");
        assertFalse(Ports.isTaken("127.0.0.1", options.edgePort()), "edge port free");
        try (Stream<Path> pidFiles = Files.list(dataDir.resolve("run"))) {
            assertEquals(List.of(), pidFiles.toList());
        }

        try (LocalStack again = LocalStack.start(options)) {
            assertTrue(describeTopics(again.kafkaBootstrapServers()).containsKey(MARKER_TOPIC), "Kafka kept its data");
            assertEquals(List.of(), KafkaTopics.ensure(again.kafkaBootstrapServers(), Duration.ofSeconds(30)),
                    "all topics already exist");
            assertEquals(42, queryInt(again, "SELECT id FROM marker"), "PostgreSQL kept its data");
        }
    }

    @Test
    void refusesToStartWhenAPortIsTaken() throws Exception {
        try (java.net.ServerSocket taken = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getLoopbackAddress())) {
            StackOptions options = StackOptions.builder().dataDir(dataDir).freePorts()
                    .kafkaPorts(taken.getLocalPort(), Ports.free()).onlyInfra().output(quiet()).build();

            StackException failure = assertThrows(StackException.class, () -> LocalStack.start(options));

            assertTrue(failure.getMessage().contains("Port " + taken.getLocalPort() + " (Kafka) is already in use"),
                    failure.getMessage());
        }
    }

    private Optional<Long> postmasterPid() throws IOException {
        for (String dir : List.of("pg", "pg-embedded")) {
            Path pidFile = dataDir.resolve(dir).resolve("postmaster.pid");
            if (Files.exists(pidFile)) {
                return Optional.of(Long.parseLong(Files.readAllLines(pidFile).get(0).trim()));
            }
        }
        return Optional.empty();
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    private static Map<String, TopicDescription> describeTopics(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            Set<String> names = admin.listTopics().names().get();
            return admin.describeTopics(names).allTopicNames().get();
        }
    }

    private static void createTopic(String bootstrap, String topic) throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
    }

    private static List<String> databases(LocalStack stack) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Connection connection = Databases.connect(stack.postgres(), "postgres");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }

    private static void execute(LocalStack stack, String sql) throws SQLException {
        try (Connection connection = Databases.connect(stack.postgres(), Service.SESSION.database());
             Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private static int queryInt(LocalStack stack, String sql) throws SQLException {
        try (Connection connection = Databases.connect(stack.postgres(), Service.SESSION.database());
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery(sql)) {
            assertTrue(rows.next(), sql + " returned no row");
            return rows.getInt(1);
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }
}

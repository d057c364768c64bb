package pl.ksefhub.deploy.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringSerializer;

import pl.ksefhub.deploy.postgres.Databases;
import pl.ksefhub.deploy.postgres.PostgresServer;

/**
 * The raw ceilings of the stack's own PostgreSQL and broker on this machine, measured in the same run as the
 * platform, so that its figure reads as a share of what the infrastructure alone can do:
 * <ul>
 *     <li>PostgreSQL: at the benchmark's concurrency, each connection in a loop inserts two rows (a business row
 *     and an outbox row, as an intake does) and commits;</li>
 *     <li>Kafka: one producer as the outbox relays configure theirs (acks=all, idempotent) sends 1 kB records in
 *     batches of {@value #KAFKA_BATCH} and awaits each batch's acks.</li>
 * </ul>
 * Both use their own database and topic, never the services'.
 */
final class Ceilings {

    static final String DATABASE = "bench_ceiling";
    static final String TOPIC = "bench.ceiling";
    static final int KAFKA_BATCH = 500;
    private static final String PAYLOAD = "x".repeat(1000);

    private Ceilings() {
    }

    /** A loop's rate and the CPU it took, per operation. */
    record Ceiling(String what, long operations, double seconds, StackCpu.Usage cpu) {

        double rate() {
            return operations / seconds;
        }

        void print(String prefix) {
            System.out.printf("%s ceiling %s: %d in %.1f s = %.0f/s; stack CPU %.3f ms each"
                    + " (postgres %.3f, kafka %.3f)%n", prefix, what, operations, seconds, rate(),
                    1000 * cpu.stackSeconds() / operations,
                    1000 * cpu.seconds().getOrDefault("postgres", 0.0) / operations,
                    1000 * cpu.seconds().getOrDefault("kafka", 0.0) / operations);
        }
    }

    /** {@code concurrency} connections, each inserting two rows and committing, for {@code duration}. */
    static Ceiling postgres(PostgresServer server, int concurrency, Duration duration, StackCpu cpu)
            throws Exception {
        Databases.ensure(server, List.of(DATABASE));
        try (Connection connection = Databases.connect(server, DATABASE);
             Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE IF NOT EXISTS business_row (id uuid PRIMARY KEY, session text NOT NULL,"
                    + " payload text NOT NULL, created timestamptz NOT NULL DEFAULT now())");
            statement.execute("CREATE TABLE IF NOT EXISTS outbox_row (id bigserial PRIMARY KEY,"
                    + " aggregate_id uuid NOT NULL, payload text NOT NULL, sent boolean NOT NULL DEFAULT false)");
            statement.execute("TRUNCATE business_row, outbox_row");
        }
        ExecutorService threads = Executors.newFixedThreadPool(concurrency);
        try {
            Map<String, Double> before = cpu.snapshot();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            List<Future<Long>> loops = new ArrayList<>();
            for (int i = 0; i < concurrency; i++) {
                loops.add(threads.submit(() -> insertLoop(server, deadline)));
            }
            long commits = 0;
            for (Future<Long> loop : loops) {
                commits += loop.get();
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Ceiling("PostgreSQL two-row insert + commit x" + concurrency, commits, seconds,
                    StackCpu.Usage.between(before, cpu.snapshot()));
        } finally {
            threads.shutdown();
        }
    }

    private static long insertLoop(PostgresServer server, long deadline) throws SQLException {
        try (Connection connection = Databases.connect(server, DATABASE);
             PreparedStatement business = connection.prepareStatement(
                     "INSERT INTO business_row (id, session, payload) VALUES (?, ?, ?)");
             PreparedStatement outbox = connection.prepareStatement(
                     "INSERT INTO outbox_row (aggregate_id, payload) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            String session = UUID.randomUUID().toString();
            long commits = 0;
            while (System.nanoTime() < deadline) {
                UUID id = UUID.randomUUID();
                business.setObject(1, id);
                business.setString(2, session);
                business.setString(3, PAYLOAD);
                business.executeUpdate();
                outbox.setObject(1, id);
                outbox.setString(2, PAYLOAD);
                outbox.executeUpdate();
                connection.commit();
                commits++;
            }
            return commits;
        }
    }

    /** One producer sending batches of {@value #KAFKA_BATCH} 1 kB records and awaiting their acks. */
    static Ceiling kafka(String bootstrapServers, Duration duration, StackCpu cpu) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 3, (short) 1))).all().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>(TOPIC, "warm", PAYLOAD)).get(); // metadata and connection first
            Map<String, Double> before = cpu.snapshot();
            long start = System.nanoTime();
            long deadline = start + duration.toNanos();
            long records = 0;
            while (System.nanoTime() < deadline) {
                List<Future<RecordMetadata>> acks = new ArrayList<>(KAFKA_BATCH);
                for (int i = 0; i < KAFKA_BATCH; i++) {
                    acks.add(producer.send(new ProducerRecord<>(TOPIC, UUID.randomUUID().toString(), PAYLOAD)));
                }
                for (Future<RecordMetadata> ack : acks) {
                    ack.get();
                }
                records += KAFKA_BATCH;
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Ceiling("Kafka batched produce (acks=all, 1 kB)", records, seconds,
                    StackCpu.Usage.between(before, cpu.snapshot()));
        }
    }
}

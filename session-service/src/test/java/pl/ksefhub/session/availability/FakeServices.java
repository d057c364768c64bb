package pl.ksefhub.session.availability;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import pl.ksefhub.testsupport.TestInfrastructure;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The other services, as far as availability can tell: one instance each that sends heartbeats on the real broker,
 * the way {@code HeartbeatPublisher} does, every 300 ms with an announced interval of 500 ms. Each can be made not
 * ready (with failing checks) or silent.
 */
final class FakeServices implements AutoCloseable {

    static final int INTERVAL_MILLIS = 500;

    /** What a fake instance says; null = silent. */
    record State(String status, String... failingChecks) {
    }

    static final State READY = new State("UP");
    static final State SILENT = null;

    private final Map<String, State> states = new ConcurrentHashMap<>();
    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
            ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
            ProducerConfig.LINGER_MS_CONFIG, 0), new StringSerializer(), new StringSerializer());
    private final ScheduledExecutorService beater = Executors.newSingleThreadScheduledExecutor();

    FakeServices(String... services) {
        for (String service : services) {
            states.put(service, READY);
        }
        beater.scheduleAtFixedRate(this::beatAll, 0, 300, TimeUnit.MILLISECONDS);
    }

    void set(String service, State state) {
        if (state == null) {
            states.remove(service);
        } else {
            states.put(service, state);
        }
    }

    void allReady(String... services) {
        for (String service : services) {
            states.put(service, READY);
        }
    }

    private void beatAll() {
        states.forEach((service, state) -> {
            String instance = service + "-" + run;
            String failing = String.join(",", Arrays.stream(state.failingChecks())
                    .map(check -> "\"" + check + "\"").toList());
            String json = """
                    {"service": "%s", "instance": "%s", "status": "%s", "failingChecks": [%s],
                     "sentAt": "%s", "intervalMillis": %d}""".formatted(service, instance, state.status(), failing,
                    OffsetDateTime.now(ZoneOffset.UTC), INTERVAL_MILLIS);
            ProducerRecord<String, String> record = new ProducerRecord<>("ksef.platform.heartbeats", instance, json);
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", UUID.randomUUID().toString());
            header(record, "ce_type", "ksef.platform.heartbeat.v1");
            header(record, "ce_source", "/" + service);
            header(record, "ce_subject", instance);
            header(record, "content-type", "application/json");
            producer.send(record);
        });
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void close() {
        beater.shutdownNow();
        producer.close();
    }
}

package pl.ksefhub.deploy.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Listens to {@code ksef.upo.events} from now on and remembers when each invoice UPO was published (the record's
 * timestamp, set by upo-service's relay on this same machine's clock).
 */
final class UpoWatch implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, Long> publishedAt = new ConcurrentHashMap<>();
    private final Thread reader;
    private volatile boolean running = true;

    UpoWatch(String bootstrapServers) {
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-" + UUID.randomUUID());
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "latest");
        KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config, new StringDeserializer(),
                new StringDeserializer());
        consumer.subscribe(List.of("ksef.upo.events"));
        // Join the group and take positions before anything is sent, so no UPO is missed.
        while (consumer.assignment().isEmpty()) {
            consumer.poll(Duration.ofMillis(100));
        }
        consumer.seekToEnd(consumer.assignment());
        consumer.assignment().forEach(consumer::position);
        reader = new Thread(() -> {
            try (consumer) {
                while (running) {
                    for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(100))) {
                        remember(record);
                    }
                }
            }
        }, "bench-upo-watch");
        reader.setDaemon(true);
        reader.start();
    }

    private void remember(ConsumerRecord<String, String> record) {
        try {
            JsonNode event = JSON.readTree(record.value());
            if ("invoice".equals(event.path("scope").asText())) {
                publishedAt.putIfAbsent(event.path("invoiceReferenceNumber").asText(), record.timestamp());
            }
        } catch (Exception ignored) {
            // not ours to judge: the benchmark only times UPOs
        }
    }

    /** Waits until every invoice has its UPO or the timeout passes; returns what was seen. */
    Map<String, Long> awaitAll(Collection<String> invoices, Duration timeout) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < deadline && !publishedAt.keySet().containsAll(invoices)) {
            Thread.sleep(100);
        }
        return Map.copyOf(publishedAt);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        reader.join(2000);
    }
}

package pl.ksefhub.testsupport;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

/**
 * Publishes events the way the services do (CloudEvents binary headers) and reads what services published, on the
 * test JVM's real broker. Readers match their own ids: the broker is shared by every test class.
 */
public final class KafkaProbe {

    private KafkaProbe() {
    }

    /** Publishes with a fresh {@code ce_id} and returns it. */
    public static String publish(String topic, String key, String ceType, String json) {
        String id = UUID.randomUUID().toString();
        publish(topic, key, ceType, json, id);
        return id;
    }

    /** Publishes with the given {@code ce_id} (to simulate a redelivery, publish the same id twice). */
    public static void publish(String topic, String key, String ceType, String json, String ceId) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, json);
            header(record, "ce_specversion", "1.0");
            header(record, "ce_id", ceId);
            header(record, "ce_type", ceType);
            header(record, "ce_source", "/test");
            header(record, "ce_subject", key);
            header(record, "content-type", "application/json");
            producer.send(record).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + topic, e);
        }
    }

    /** Publishes raw bytes with no CloudEvents headers at all (a malformed event). */
    public static void publishRaw(String topic, String key, String value) {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers()),
                new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>(topic, key, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to " + topic, e);
        }
    }

    /**
     * Reads the topic from the beginning until {@code count} records with this key (and matching the filter) were
     * seen or the timeout passed; returns what was found, in order.
     */
    public static List<ConsumerRecord<String, String>> records(String topic, String key,
                                                               Predicate<ConsumerRecord<String, String>> filter,
                                                               int count, Duration timeout) {
        List<ConsumerRecord<String, String>> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + timeout.toMillis();
            while (found.size() < count && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && filter.test(record)) {
                        found.add(record);
                    }
                }
            }
        }
        return found;
    }

    /** Records of the given CloudEvents type with this key. */
    public static List<ConsumerRecord<String, String>> events(String topic, String key, String ceType, int count,
                                                              Duration timeout) {
        return records(topic, key, r -> ceType.equals(header(r, "ce_type")), count, timeout);
    }

    public static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

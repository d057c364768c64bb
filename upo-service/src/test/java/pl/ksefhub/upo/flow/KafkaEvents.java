package pl.ksefhub.upo.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import pl.ksefhub.testsupport.TestInfrastructure;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** Plain Kafka clients against the test broker: publish events as the other services do, read what comes out. */
final class KafkaEvents {

    static final ObjectMapper JSON = new ObjectMapper();
    private static KafkaProducer<String, String> producer;

    private KafkaEvents() {
    }

    private static synchronized KafkaProducer<String, String> producer() {
        if (producer == null) {
            Properties props = new Properties();
            props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
            props.put(ProducerConfig.ACKS_CONFIG, "all");
            props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
            producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        }
        return producer;
    }

    /** A CloudEvent in binary mode, as the outbox relay of another service publishes it. */
    static RecordMetadata publish(String topic, String key, String type, String eventId, Object payload) {
        try {
            String value = payload instanceof String s ? s : JSON.writeValueAsString(payload);
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, value);
            if (eventId != null) {
                header(record, "ce_id", eventId);
            }
            header(record, "ce_specversion", "1.0");
            if (type != null) {
                header(record, "ce_type", type);
            }
            header(record, "ce_source", "/test");
            header(record, "ce_subject", key);
            header(record, "ce_time", OffsetDateTime.now().toString());
            header(record, "content-type", "application/json");
            return producer().send(record).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Sent without waiting for the ack; {@link #flush()} waits for all of them. */
    static void publishAsync(String topic, String key, String type, String eventId, Object payload) {
        try {
            ProducerRecord<String, String> record = new ProducerRecord<>(topic, key, JSON.writeValueAsString(payload));
            header(record, "ce_id", eventId);
            header(record, "ce_specversion", "1.0");
            header(record, "ce_type", type);
            header(record, "ce_source", "/test");
            header(record, "ce_subject", key);
            header(record, "content-type", "application/json");
            producer().send(record);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static void flush() {
        producer().flush();
    }

    static String newEventId() {
        return "test-" + UUID.randomUUID();
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }

    /** Every record of the topic (from the beginning) with this key that matches, once at least {@code count}. */
    static List<ConsumerRecord<String, String>> await(String topic, String key, int count,
                                                      Predicate<ConsumerRecord<String, String>> matching,
                                                      Duration timeout) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key()) && matching.test(record)) {
                        found.add(record);
                    }
                }
                if (found.size() >= count) {
                    return found;
                }
            }
            throw new AssertionError("expected " + count + " records with key " + key + " on " + topic + ", found "
                    + found.size());
        }
    }

    /** Everything with this key on the topic right now (reads to the end). */
    static List<ConsumerRecord<String, String>> all(String topic, String key) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers());
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end");
                }
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (key.equals(record.key())) {
                        found.add(record);
                    }
                }
            }
            return found;
        }
    }

    /** True once the consumer group has committed past the record: it was handled (or dead-lettered). */
    static boolean consumedByGroup(String group, RecordMetadata record) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            TopicPartition partition = new TopicPartition(record.topic(), record.partition());
            OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS).get(partition);
            return committed != null && committed.offset() > record.offset();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    static JsonNode payload(ConsumerRecord<String, String> record) {
        try {
            return JSON.readTree(record.value());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

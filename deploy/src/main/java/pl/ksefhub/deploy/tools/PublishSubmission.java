package pl.ksefhub.deploy.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import pl.ksefhub.deploy.client.Invoices;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What an upstream system does: publishes a {@code submission.requested} on {@code ksef.submissions} and waits for
 * the {@code invoice.accepted} / {@code invoice.rejected} carrying its correlation id.
 *
 * <pre>
 * bin/publish-submission NIP [invoice.xml] [--kafka 127.0.0.1:9092]
 * </pre>
 * Without a file it sends a sample FA (3) invoice of that seller.
 */
public final class PublishSubmission {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Where upstream systems publish submissions. */
    public static final String TOPIC = "ksef.submissions";

    private PublishSubmission() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: bin/publish-submission NIP [invoice.xml] [--kafka host:port]");
            System.exit(2);
        }
        String nip = args[0];
        String kafka = "127.0.0.1:9092";
        String xml = null;
        for (int i = 1; i < args.length; i++) {
            if (args[i].equals("--kafka") && i + 1 < args.length) {
                kafka = args[++i];
            } else {
                xml = Files.readString(Path.of(args[i]), StandardCharsets.UTF_8);
            }
        }
        if (xml == null) {
            xml = new String(Invoices.fa3(nip, "UP/" + UUID.randomUUID().toString().substring(0, 8)),
                    StandardCharsets.UTF_8);
        }
        String correlationId = "cli-" + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(), new StringSerializer())) {
            producer.send(record(nip, correlationId, xml, "publish-submission")).get();
        }
        System.out.println("published " + correlationId + "; waiting for the answer on ksef.invoice.events…");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                ConsumerConfig.GROUP_ID_CONFIG, "publish-submission-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("ksef.invoice.events"));
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    JsonNode event = JSON.readTree(record.value());
                    if (correlationId.equals(event.path("correlationId").asText(null))) {
                        String type = new String(record.headers().lastHeader("ce_type").value(),
                                StandardCharsets.UTF_8);
                        ((com.fasterxml.jackson.databind.node.ObjectNode) event).remove("invoiceXml");
                        System.out.println(type + " " + event.toPrettyString());
                        return;
                    }
                }
            }
        }
        System.out.println("no answer within 60 s");
        System.exit(1);
    }

    /**
     * The {@code submission.requested} an upstream system publishes: FA (3) {@code xml} for the context
     * {@code nip}, under its own {@code correlationId}, as a CloudEvent with a new {@code ce_id}.
     */
    public static ProducerRecord<String, String> record(String nip, String correlationId, String xml, String source) {
        Map<String, Object> submission = new LinkedHashMap<>();
        submission.put("correlationId", correlationId);
        submission.put("context", Map.of("type", "Nip", "value", nip));
        submission.put("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"));
        submission.put("invoiceXml", xml);
        submission.put("requestedAt", OffsetDateTime.now().toString());
        submission.put("source", source);
        ProducerRecord<String, String> record;
        try {
            record = new ProducerRecord<>(TOPIC, nip, JSON.writeValueAsString(submission));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        header(record, "ce_specversion", "1.0");
        header(record, "ce_id", UUID.randomUUID().toString());
        header(record, "ce_type", "ksef.submission.requested.v1");
        header(record, "ce_source", "/" + source);
        header(record, "content-type", "application/json");
        return record;
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Session;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.mail.MailSink;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * What no KSeF offers, through the running system: an upstream system publishes an invoice on Kafka and reads the
 * answer under its correlation id; a recurring document issues an invoice from an accepted one and e-mails it with
 * its UPO.
 */
class SubmissionFlowSystemIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration FLOW = Duration.ofSeconds(120);

    private static RunningStack.Target target;
    private static KsefClient client;

    @BeforeAll
    static void start() {
        target = RunningStack.get();
        assumeTrue(target.kafka() != null, "needs the stack this test JVM starts (Kafka and SMTP)");
        client = new KsefClient(target.baseUrl());
        client.authenticateWithKsefToken(target.nip(), target.token());
    }

    @Test
    void anUpstreamSubmissionIsAcceptedOnceAndAnsweredUnderItsCorrelationId() throws Exception {
        String correlationId = "erp-" + UUID.randomUUID();
        String number = "UP/" + UUID.randomUUID();
        Map<String, Object> submission = new LinkedHashMap<>();
        submission.put("correlationId", correlationId);
        submission.put("context", Map.of("type", "Nip", "value", target.nip()));
        submission.put("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"));
        submission.put("invoiceXml", new String(Invoices.fa3(target.nip(), number), StandardCharsets.UTF_8));
        submission.put("requestedAt", java.time.OffsetDateTime.now().toString());
        submission.put("source", "system-test");
        publish(JSON.writeValueAsString(submission));
        publish(JSON.writeValueAsString(submission)); // delivered twice: still one invoice

        List<JsonNode> answers = answers(correlationId, Duration.ofSeconds(60), 1);
        assertEquals(1, answers.size());
        JsonNode accepted = answers.get(0);
        assertEquals("accepted", accepted.get("_type").asText(), accepted.toString());
        assertEquals(number, accepted.get("invoiceNumber").asText());
        assertTrue(accepted.get("ksefNumber").asText().startsWith(target.nip() + "-"));
        // Give a second copy every chance to show up: there must be none.
        assertEquals(1, answers(correlationId, Duration.ofSeconds(5), 2).size());
    }

    @Test
    void aRecurringDocumentIssuesTheInvoiceAgainAndEmailsItWithItsUpo() throws Exception {
        OnlineSession session = client.openOnlineSession("FA (3)");
        String number = "REC/" + UUID.randomUUID();
        Answer sent = client.sendInvoice(session, Invoices.fa3(target.nip(), number));
        assertEquals(202, sent.status(), sent.text());
        String invoiceRef = sent.json().get("referenceNumber").asText();
        AtomicReference<String> ksefNumber = new AtomicReference<>();
        await().atMost(FLOW).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode status = client.invoiceStatus(session.referenceNumber(), invoiceRef).json();
            ksefNumber.set(status.path("ksefNumber").asText(null));
            return ksefNumber.get() != null;
        });

        AtomicReference<Long> saleDocumentId = new AtomicReference<>();
        await().atMost(FLOW).pollInterval(Duration.ofMillis(300)).until(() -> {
            JsonNode found = client.get("/api/sale-documents?ksefNumber=" + ksefNumber.get(), client.accessToken())
                    .json();
            JsonNode list = found.at("/response/list");
            if (list.size() == 1) {
                saleDocumentId.set(list.get(0).get("id").asLong());
            }
            return saleDocumentId.get() != null;
        });

        String mailbox = "buyer-" + UUID.randomUUID() + "@example.com";
        Map<String, Object> document = Map.of("name", "Abonament", "idSaleDocument", saleDocumentId.get(),
                "intervalTimeType", "month", "startDate", LocalDate.now(ZoneId.of("Europe/Warsaw")).toString(),
                "hourToSend", "0", "email", mailbox);
        JsonNode added = client.post("/api/recurring-documents/add", client.accessToken(), document).json();
        assertTrue(added.get("success").asBoolean(), added.toString());
        assertEquals("CYKLICZNA - Abonament", added.at("/response/name").asText());

        // Where bin/ksef-hub users find it too: an .eml file in the data folder's mail/, kept by the launcher's sink.
        AtomicReference<MimeMessage> mail = new AtomicReference<>();
        await().atMost(FLOW).pollInterval(Duration.ofMillis(500)).until(() -> {
            for (Path file : MailSink.messages(target.mailDir())) {
                MimeMessage message;
                try (InputStream in = Files.newInputStream(file)) {
                    message = new MimeMessage(Session.getInstance(new Properties()), in);
                }
                if (Arrays.stream(message.getAllRecipients()).anyMatch(a -> a.toString().contains(mailbox))) {
                    mail.set(message);
                    return true;
                }
            }
            return false;
        });
        MimeMessage message = mail.get();
        String subject = message.getSubject();
        assertTrue(subject.contains(number), subject);
        Multipart parts = (Multipart) message.getContent();
        List<String> attachments = new ArrayList<>();
        StringBuilder texts = new StringBuilder(subject);
        for (int i = 0; i < parts.getCount(); i++) {
            BodyPart part = parts.getBodyPart(i);
            if (part.getFileName() != null) {
                attachments.add(part.getFileName());
                texts.append(new String(part.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertEquals(2, attachments.size(), attachments.toString());
        String all = texts.toString();
        assertTrue(all.contains("Potwierdzenie"), "the UPO is attached");
        assertTrue(all.contains("<P_2>" + number + "/"), "the new invoice, numbered from the template, is attached");
        assertTrue(subject.matches(".*" + target.nip() + "-\\d{8}-[0-9A-F]{12}-[0-9A-F]{2}.*"),
                "the subject names the new invoice's KSeF number: " + subject);
    }

    private static void publish(String json) throws Exception {
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafka()), new StringSerializer(),
                new StringSerializer())) {
            ProducerRecord<String, String> record = new ProducerRecord<>("ksef.submissions", target.nip(), json);
            record.headers().add("ce_specversion", "1.0".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_type", "ksef.submission.requested.v1".getBytes(StandardCharsets.UTF_8));
            record.headers().add("ce_source", "/system-test".getBytes(StandardCharsets.UTF_8));
            record.headers().add("content-type", "application/json".getBytes(StandardCharsets.UTF_8));
            producer.send(record).get();
        }
    }

    /** invoice.accepted / invoice.rejected with this correlation id, read from the beginning of the topic. */
    private static List<JsonNode> answers(String correlationId, Duration wait, int enough) throws Exception {
        List<JsonNode> found = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafka(),
                ConsumerConfig.GROUP_ID_CONFIG, "system-test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of("ksef.invoice.events"));
            long deadline = System.currentTimeMillis() + wait.toMillis();
            while (found.size() < enough && System.currentTimeMillis() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    String type = new String(record.headers().lastHeader("ce_type").value(), StandardCharsets.UTF_8);
                    if (!type.equals("ksef.invoice.accepted.v1") && !type.equals("ksef.invoice.rejected.v1")) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(record.value());
                    if (correlationId.equals(event.path("correlationId").asText(null))) {
                        ((com.fasterxml.jackson.databind.node.ObjectNode) event).put("_type",
                                type.contains("accepted") ? "accepted" : "rejected");
                        found.add(event);
                    }
                }
            }
        }
        return found;
    }
}

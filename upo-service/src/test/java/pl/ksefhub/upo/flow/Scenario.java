package pl.ksefhub.upo.flow;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One online session through this service, as the other services drive it: session opened, three invoices accepted
 * (out of ordinal order, as parallel processing delivers them), session settled; then every {@code upo.generated}.
 * Built once and shared by the tests that only read it.
 */
final class Scenario {

    record Invoice(String referenceNumber, int ordinal, String ksefNumber, String eventId, RecordMetadata record,
                   Map<String, Object> payload) {
    }

    final String nip = TestEvents.nip();
    final String session = TestEvents.sessionRef();
    final List<Invoice> invoices = new ArrayList<>();
    final Map<String, JsonNode> invoiceUpoEvents = new LinkedHashMap<>();
    final List<ConsumerRecord<String, String>> invoiceUpoRecords;
    final ConsumerRecord<String, String> sessionUpoRecord;
    final String settledEventId = KafkaEvents.newEventId();
    final Map<String, Object> settledPayload;
    final RecordMetadata settledRecord;

    private static Scenario shared;

    static synchronized Scenario shared() {
        if (shared == null) {
            shared = new Scenario();
        }
        return shared;
    }

    private Scenario() {
        KafkaEvents.publish(TestEvents.SESSION_EVENTS, session, TestEvents.SESSION_OPENED, KafkaEvents.newEventId(),
                TestEvents.sessionOpened(session, nip));
        for (int ordinal : new int[]{2, 1, 3}) {
            String invoiceRef = TestEvents.invoiceRef();
            String ksefNumber = TestEvents.ksefNumber(nip);
            String eventId = KafkaEvents.newEventId();
            Map<String, Object> payload = TestEvents.invoiceAccepted(session, invoiceRef, ordinal, ksefNumber, nip,
                    null);
            RecordMetadata record = KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session,
                    TestEvents.INVOICE_ACCEPTED, eventId, payload);
            invoices.add(new Invoice(invoiceRef, ordinal, ksefNumber, eventId, record, payload));
        }
        // Not for this service: must be skipped without harm.
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_RECEIVED,
                KafkaEvents.newEventId(), Map.of("referenceNumber", session, "invoiceReferenceNumber",
                        TestEvents.invoiceRef(), "ordinalNumber", 4));
        invoiceUpoRecords = KafkaEvents.await(TestEvents.UPO_EVENTS, session, 3,
                r -> "invoice".equals(KafkaEvents.payload(r).path("scope").asText()), Duration.ofSeconds(30));
        for (ConsumerRecord<String, String> record : invoiceUpoRecords) {
            JsonNode event = KafkaEvents.payload(record);
            invoiceUpoEvents.put(event.path("invoiceReferenceNumber").asText(), event);
        }
        settledPayload = TestEvents.invoicesSettled(session, 4, 3);
        settledRecord = KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICES_SETTLED,
                settledEventId, settledPayload);
        sessionUpoRecord = KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1,
                r -> "session".equals(KafkaEvents.payload(r).path("scope").asText()), Duration.ofSeconds(30)).get(0);
    }

    Invoice invoice(int ordinal) {
        return invoices.stream().filter(i -> i.ordinal() == ordinal).findFirst().orElseThrow();
    }

    JsonNode sessionUpoEvent() {
        return KafkaEvents.payload(sessionUpoRecord);
    }

    String sessionUpoReference() {
        return sessionUpoEvent().path("pages").get(0).path("referenceNumber").asText();
    }

    JsonNode invoiceUpoEvent(int ordinal) {
        return invoiceUpoEvents.get(invoice(ordinal).referenceNumber());
    }
}

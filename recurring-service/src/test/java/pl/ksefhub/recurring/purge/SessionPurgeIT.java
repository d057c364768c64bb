package pl.ksefhub.recurring.purge;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.recurring.support.Database;
import pl.ksefhub.recurring.support.Fixtures;
import pl.ksefhub.recurring.support.GreenMailResource;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.recurring.support.Fixtures.as;

/**
 * {@code session.invoices-purged}: the sale documents of the deleted session go with what repeats them, occurrences
 * that issued them forget them, once, and the purge is confirmed on {@code ksef.recurring.events}.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class,
        initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
@QuarkusTestResource(GreenMailResource.class)
class SessionPurgeIT {

    private static final String PURGED = "ksef.session.invoices-purged.v1";
    private static final String CONFIRMED = "ksef.session.sale-documents-purged.v1";

    @Test
    void theSessionsSaleDocumentsGoWithWhatRepeatsThemAndThePurgeIsConfirmedOnce() throws Exception {
        String nip = Fixtures.randomNip();
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        String other = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        long ofSession = Fixtures.nextInvoiceId();
        long named = Fixtures.nextInvoiceId(); // another session's reference, but named in the purge
        long kept = Fixtures.nextInvoiceId();
        String acceptedEvent = accepted(nip, session, ofSession);
        accepted(nip, other, named);
        accepted(nip, other, kept);
        Fixtures.awaitSaleDocument(nip, ofSession);
        Fixtures.awaitSaleDocument(nip, named);
        Fixtures.awaitSaleDocument(nip, kept);
        long repeatsPurged = addRecurringDocument(nip, ofSession);
        long repeatsKept = addRecurringDocument(nip, kept);
        long occurrence = issuedOccurrence(repeatsKept, nip, kept, ofSession);

        String purge = KafkaProbe.publish("ksef.invoice.events", session, PURGED, Fixtures.json(Map.of(
                "referenceNumber", session, "invoiceCount", 2, "invoiceIds", List.of(ofSession, named),
                "purgedAt", "2026-01-01T00:00:00Z")));
        List<ConsumerRecord<String, String>> confirmed = KafkaProbe.events("ksef.recurring.events", session,
                CONFIRMED, 1, Duration.ofSeconds(30));
        assertEquals(1, confirmed.size());
        JsonNode event = Fixtures.JSON.readTree(confirmed.get(0).value());
        assertEquals(session, event.get("referenceNumber").asText());
        assertEquals(2, event.get("saleDocumentCount").asInt());
        assertEquals(1, event.get("recurringDocumentCount").asInt());
        assertEquals(1, event.get("clearedOccurrenceCount").asInt());

        assertEquals(0, count("select count(*) from sale_document where id in (?, ?)", ofSession, named));
        assertEquals(0, count("select count(*) from recurring_document where id = ?", repeatsPurged));
        assertEquals(1, count("select count(*) from sale_document where id = ?", kept));
        assertEquals(1, count("select count(*) from recurring_document where id = ?", repeatsKept));
        // The occurrence stays (issued once), without the purged invoice.
        assertEquals(1, count("select count(*) from recurring_occurrence where id = ? and invoice_id is null"
                + " and ksef_number is null and upo_xml is null and status = 'issued'", occurrence));
        as(nip).get("/api/sale-documents/" + ofSession).then().body("success", equalTo(false));

        // Redelivered purge, redelivered acceptance: nothing comes back, nothing is confirmed twice.
        KafkaProbe.publish("ksef.invoice.events", session, PURGED, Fixtures.json(Map.of("referenceNumber", session,
                "invoiceCount", 2, "invoiceIds", List.of(ofSession, named), "purgedAt", "2026-01-01T00:00:00Z")),
                purge);
        KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1",
                Fixtures.json(acceptedPayload(nip, session, ofSession)), acceptedEvent);
        // Events of one key are taken in order: once this later one is recorded, so are those before.
        String marker = KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.rejected.v1",
                Fixtures.json(Map.of("referenceNumber", session, "invoiceReferenceNumber",
                        ReferenceNumbers.next(ReferenceNumbers.INVOICE), "context", Map.of("type", "Nip", "value", nip),
                        "status", Map.of("code", 450, "description", "x"))));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from processed_event where event_id = ?", marker) == 1);
        assertEquals(0, count("select count(*) from sale_document where id = ?", ofSession));
        assertEquals(1, KafkaProbe.events("ksef.recurring.events", session, CONFIRMED, 2,
                Duration.ofSeconds(3)).size());

        // session.deleted: the confirmation was read, its outbox row goes too.
        assertEquals(1, count("select count(*) from outbox_event where record_key = ?", session));
        KafkaProbe.publish("ksef.session.events", session, "ksef.session.deleted.v1",
                Fixtures.json(Map.of("referenceNumber", session)));
        await().atMost(Duration.ofSeconds(30)).until(() -> count(
                "select count(*) from outbox_event where record_key = ?", session) == 0);
    }

    private static String accepted(String nip, String session, long invoiceId) {
        return KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1",
                Fixtures.json(acceptedPayload(nip, session, invoiceId)));
    }

    private static Map<String, Object> acceptedPayload(String nip, String session, long invoiceId) {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("referenceNumber", session);
        event.put("invoiceReferenceNumber", ReferenceNumbers.next(ReferenceNumbers.INVOICE));
        event.put("invoiceId", invoiceId);
        event.put("ksefNumber", Fixtures.ksefNumber(nip));
        event.put("context", Map.of("type", "Nip", "value", nip));
        event.put("invoiceNumber", "FV/" + invoiceId + "/2026");
        event.put("issueDate", LocalDate.now().toString());
        event.put("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"));
        return event;
    }

    private static long addRecurringDocument(String nip, long saleDocument) {
        return as(nip).body(Map.of("name", "Abonament", "idSaleDocument", saleDocument, "active", "false"))
                .post("/api/recurring-documents/add").then().body("success", equalTo(true))
                .extract().jsonPath().getLong("response.id");
    }

    /** An occurrence of {@code document} that issued invoice {@code issued} (as if the scheduler had). */
    private static long issuedOccurrence(long document, String nip, long template, long issued) throws Exception {
        try (Connection db = Database.connect(); PreparedStatement insert = db.prepareStatement(
                "insert into recurring_occurrence (recurring_document_id, occurrence_index, due_at, issue_date,"
                        + " correlation_id, context_type, context_value, sale_document_id, status, invoice_id,"
                        + " ksef_number, invoice_number, issued_at, upo_xml, mail_status)"
                        + " values (?, 0, now(), current_date, ?, 'Nip', ?, ?, 'issued', ?, 'x', 'FV/x', now(),"
                        + " '<upo/>', 'pending') returning id")) {
            insert.setLong(1, document);
            insert.setString(2, "purge-test-" + issued);
            insert.setString(3, nip);
            insert.setLong(4, template);
            insert.setLong(5, issued);
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(String sql, Object... parameters) throws Exception {
        try (Connection db = Database.connect(); PreparedStatement statement = db.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setObject(i + 1, parameters[i]);
            }
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package pl.ksefhub.invoice.purge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceDatabase;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code session.deletion-requested}: every row of the session goes, once, and the purge is confirmed. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class SessionPurgeIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String PURGED = "ksef.session.invoices-purged.v1";

    @Inject
    PlatformKeys keys;

    @Test
    void aDeletedSessionLosesItsInvoicesContentKeyAndOutboxRowsAndThePurgeIsConfirmedOnce() throws Exception {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String accepted = session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        String rejected = session.send(InvoiceSamples.fa3(TestSession.randomNip(), InvoiceSamples.uniqueNumber()));
        session.awaitFinalStatus(accepted);
        session.awaitFinalStatus(rejected);
        session.close();
        KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber, "ksef.session.invoices-settled.v1", 1,
                Duration.ofSeconds(60));
        long invoiceId = InvoiceDatabase.count("select invoice_id from invoice where reference_number = ?", accepted);
        assertEquals(2, InvoiceDatabase.count("select count(*) from invoice where session_reference_number = ?",
                session.referenceNumber));
        assertEquals(2, contentRows(session.referenceNumber));
        assertTrue(outboxRows(session.referenceNumber) >= 5, "received twice, accepted, rejected, settled");

        String deletion = requestDeletion(session.referenceNumber);
        List<ConsumerRecord<String, String>> purged = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, PURGED, 1, Duration.ofSeconds(30));
        assertEquals(1, purged.size());
        JsonNode event = JSON.readTree(purged.get(0).value());
        assertEquals(session.referenceNumber, event.get("referenceNumber").asText());
        assertEquals(2, event.get("invoiceCount").asInt());
        assertEquals(1, event.get("invoiceIds").size());
        assertEquals(invoiceId, event.get("invoiceIds").get(0).asLong());

        // Of the session only the confirmation's own outbox row is left, and the processed-event log.
        assertEquals(0, rowsOf(session.referenceNumber) - outboxRows(session.referenceNumber));
        assertEquals(1, outboxRows(session.referenceNumber));
        assertEquals(1, InvoiceDatabase.count("select count(*) from outbox_event where record_key = ?"
                + " and event_type = ?", session.referenceNumber, PURGED));
        session.status(accepted).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));

        // Redelivered: nothing more (no second confirmation).
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, SessionDeletionRequested.TYPE,
                deletionJson(session.referenceNumber), deletion);
        // A late invoice UPO link of a purged invoice recreates nothing either.
        KafkaProbe.publish("ksef.upo.events", session.referenceNumber, "ksef.upo.generated.v1",
                "{\"referenceNumber\":\"" + session.referenceNumber + "\",\"scope\":\"invoice\","
                        + "\"invoiceReferenceNumber\":\"" + accepted + "\",\"ksefNumber\":\"x\",\"pages\":[]}");
        awaitConsumedUpTo(session.referenceNumber);
        assertEquals(1, KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber, PURGED, 2,
                Duration.ofSeconds(3)).size());
        assertEquals(1, rowsOf(session.referenceNumber));

        // session.deleted: the confirmation was read, its row goes too.
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, SessionDeletionRequested.DELETED_TYPE,
                "{\"referenceNumber\":\"" + session.referenceNumber + "\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(session.referenceNumber) == 0);
    }

    @Test
    void aSessionThisServiceNeverKnewIsConfirmedAsPurgedWithNothing() throws Exception {
        String reference = TestSession.fa3(keys).referenceNumber;
        requestDeletion(reference);
        List<ConsumerRecord<String, String>> purged = KafkaProbe.events(TestSession.INVOICE_TOPIC, reference,
                PURGED, 1, Duration.ofSeconds(30));
        assertEquals(1, purged.size());
        assertEquals(0, JSON.readTree(purged.get(0).value()).get("invoiceCount").asInt());
    }

    private static String requestDeletion(String reference) {
        return KafkaProbe.publish(TestSession.SESSION_TOPIC, reference, SessionDeletionRequested.TYPE,
                deletionJson(reference));
    }

    private static String deletionJson(String reference) {
        return "{\"referenceNumber\":\"" + reference + "\",\"context\":{\"type\":\"Nip\",\"value\":\"5265877635\"},"
                + "\"requestedAt\":\"2026-01-01T00:00:00Z\"}";
    }

    /** Every row of every table of this service that carries the session (the processed-event log holds none). */
    static long rowsOf(String reference) {
        return InvoiceDatabase.count("select count(*) from invoicing_session where reference_number = ?", reference)
                + InvoiceDatabase.count("select count(*) from invoice where session_reference_number = ?", reference)
                + contentRows(reference) + outboxRows(reference);
    }

    private static long contentRows(String reference) {
        return InvoiceDatabase.count("select count(*) from invoice_content c join invoice i"
                + " on i.id = c.invoice_row_id where i.session_reference_number = ?", reference);
    }

    private static long outboxRows(String reference) {
        return InvoiceDatabase.count("select count(*) from outbox_event where record_key = ?", reference);
    }

    /**
     * Events of one key are consumed in order: once a record after them is through, so are they. The marker is not
     * an event at all (one of an unknown type is skipped without a trace): its trace is the dead-letter topic.
     */
    private static void awaitConsumedUpTo(String key) {
        String marker = "marker " + UUID.randomUUID();
        KafkaProbe.publishRaw(TestSession.SESSION_TOPIC, key, marker);
        assertEquals(1, KafkaProbe.records(TestSession.SESSION_TOPIC + ".dlq", key,
                r -> marker.equals(r.value()), 1, Duration.ofSeconds(30)).size());
    }
}

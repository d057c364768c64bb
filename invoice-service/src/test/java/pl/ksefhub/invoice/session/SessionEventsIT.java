package pl.ksefhub.invoice.session;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
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
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.testsupport.DatabaseOutage;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The session projection, settlement and the UPO link, driven by real events on the broker. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class SessionEventsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SETTLED = "ksef.session.invoices-settled.v1";

    @Inject
    PlatformKeys keys;

    @Inject
    MeterRegistry metrics;

    @Test
    void closingASessionWithoutInvoicesSettlesItOnceWithZeroCounts() throws Exception {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        session.close();
        List<ConsumerRecord<String, String>> settled = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, SETTLED, 1, Duration.ofSeconds(30));
        assertEquals(1, settled.size());
        JsonNode event = JSON.readTree(settled.get(0).value());
        assertEquals(session.referenceNumber, event.get("referenceNumber").asText());
        assertEquals(0, event.get("totalInvoiceCount").asInt());
        assertEquals(0, event.get("successfulInvoiceCount").asInt());
        assertEquals(0, event.get("failedInvoiceCount").asInt());
        assertTrue(OffsetDateTime.parse(event.get("settledAt").asText()).isBefore(OffsetDateTime.now().plusSeconds(1)));
    }

    @Test
    void settlementFollowsEveryInvoiceOutcomeOfTheSessionOnItsPartition() throws Exception {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()).replace("<P_2>", "<P_2X>"));
        session.send(InvoiceSamples.fa3(TestSession.randomNip(), InvoiceSamples.uniqueNumber()));
        session.close();

        List<ConsumerRecord<String, String>> settled = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, SETTLED, 1, Duration.ofSeconds(60));
        assertEquals(1, settled.size());
        JsonNode event = JSON.readTree(settled.get(0).value());
        assertEquals(3, event.get("totalInvoiceCount").asInt());
        assertEquals(1, event.get("successfulInvoiceCount").asInt());
        assertEquals(2, event.get("failedInvoiceCount").asInt());

        List<ConsumerRecord<String, String>> all = KafkaProbe.records(TestSession.INVOICE_TOPIC,
                session.referenceNumber, r -> true, 7, Duration.ofSeconds(30));
        List<String> types = all.stream().map(r -> KafkaProbe.header(r, "ce_type")).toList();
        assertEquals(SETTLED, types.get(types.size() - 1), types.toString());
        assertEquals(3, types.stream().filter("ksef.invoice.received.v1"::equals).count());
        assertEquals(1, types.stream().filter("ksef.invoice.accepted.v1"::equals).count());
        assertEquals(2, types.stream().filter("ksef.invoice.rejected.v1"::equals).count());
        assertEquals(1, all.stream().map(ConsumerRecord::partition).distinct().count());
    }

    @Test
    void aRedeliveredSessionOpenedHasNoSecondEffect() {
        TestSession session = TestSession.fa3(keys).with("invoiceLimit", 1);
        String ceId = session.announce();
        given().header("Authorization", "Bearer " + session.token)
                .contentType("application/json")
                .body(session.sendBody(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())))
                .post("/v2/sessions/online/{ref}/invoices", session.referenceNumber).then().statusCode(202);
        // The same event again (same ce_id), even with another payload: ignored.
        session.with("invoiceLimit", 5);
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, "ksef.session.opened.v1",
                session.openedJson(), ceId);
        awaitConsumedUpTo(session.referenceNumber);
        assertEquals(1, InvoiceDatabase.count("select count(*) from processed_event where event_id = ?", ceId));
        assertEquals(1, InvoiceDatabase.count("select invoice_limit from invoicing_session where reference_number = ?",
                session.referenceNumber));
    }

    @Test
    void aSessionOpenedMetByADatabaseOutageIsProjectedOnceTheDatabaseIsBackAndOnlyOnce() {
        TestSession session = TestSession.fa3(keys).with("invoiceLimit", 3);
        double waitsBefore = waits(SessionEventsConsumer.CONSUMER);
        String ceId;
        try (DatabaseOutage outage = DatabaseOutage.of("ksef_invoice")) {
            ceId = session.announce();
            // The consumer met the outage and waits, rather than dead-letter the record or skip it.
            await().atMost(Duration.ofSeconds(30)).until(() -> waits(SessionEventsConsumer.CONSUMER) > waitsBefore);
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> InvoiceDatabase.count(
                "select count(*) from invoicing_session where reference_number = ?", session.referenceNumber) == 1);

        // Redelivered with another payload: no second effect.
        session.with("invoiceLimit", 5);
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, "ksef.session.opened.v1",
                session.openedJson(), ceId);
        // Then an invalid one on the same partition: once it is dead-lettered, the redelivery was consumed before.
        TestSession incomplete = TestSession.fa3(keys).with("formCode", null);
        String invalid = KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber,
                "ksef.session.opened.v1", incomplete.openedJson());
        List<ConsumerRecord<String, String>> dead = KafkaProbe.records(TestSession.SESSION_TOPIC + ".dlq",
                session.referenceNumber, r -> true, 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size(), "only the invalid record is dead-lettered");
        assertEquals(invalid, KafkaProbe.header(dead.get(0), "ce_id"));
        assertTrue(KafkaProbe.header(dead.get(0), "dead-letter-reason").startsWith("session.opened without"));
        assertEquals(3, InvoiceDatabase.count("select invoice_limit from invoicing_session where reference_number = ?",
                session.referenceNumber));
    }

    private double waits(String consumer) {
        Counter counter = metrics.find(EventConsumer.WAITS).tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRedeliveredSessionClosedHasNoSecondEffect() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String ceId = session.close();
        KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber, SETTLED, 1, Duration.ofSeconds(30));
        KafkaProbe.publish(TestSession.SESSION_TOPIC, session.referenceNumber, "ksef.session.closed.v1",
                "{\"referenceNumber\":\"" + session.referenceNumber + "\",\"closedAt\":\""
                        + OffsetDateTime.now(ZoneOffset.UTC).plusHours(1) + "\",\"reason\":\"expired\"}", ceId);
        awaitConsumedUpTo(session.referenceNumber);
        assertEquals(1, InvoiceDatabase.count("select count(*) from processed_event where event_id = ?", ceId));
        assertEquals(1, InvoiceDatabase.count("select count(*) from invoicing_session where reference_number = ?"
                + " and close_reason = 'closed'", session.referenceNumber));
        assertEquals(1, KafkaProbe.events(TestSession.INVOICE_TOPIC, session.referenceNumber, SETTLED, 2,
                Duration.ofSeconds(3)).size());
    }

    @Test
    void aMalformedEventGoesToTheDeadLetterTopicAndDoesNotBlockThePartition() {
        String key = TestSession.fa3(keys).referenceNumber;
        KafkaProbe.publishRaw(TestSession.SESSION_TOPIC, key, "this is not an event");
        TestSession incomplete = TestSession.fa3(keys).with("formCode", null);
        KafkaProbe.publish(TestSession.SESSION_TOPIC, key, "ksef.session.opened.v1", incomplete.openedJson()
                .replace(incomplete.referenceNumber, key));
        assertEquals(2, KafkaProbe.records(TestSession.SESSION_TOPIC + ".dlq", key, r -> true, 2,
                Duration.ofSeconds(60)).size());
        // The same partition (same key) goes on.
        TestSession next = TestSession.fa3(keys);
        KafkaProbe.publish(TestSession.SESSION_TOPIC, key, "ksef.session.opened.v1", next.openedJson());
        await().atMost(Duration.ofSeconds(30)).until(() -> InvoiceDatabase.count(
                "select count(*) from invoicing_session where reference_number = ?", next.referenceNumber) == 1);
    }

    @Test
    void anInvoiceUpoLinkIsShownInTheInvoiceStatus() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String invoiceRef = session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        session.awaitFinalStatus(invoiceRef);
        String url = "http://localhost:8080/storage/upo/" + invoiceRef + ".xml";
        String expires = "2030-01-01T00:00:00Z";
        KafkaProbe.publish("ksef.upo.events", session.referenceNumber, "ksef.upo.generated.v1",
                toJson(Map.of("referenceNumber", session.referenceNumber, "scope", "invoice",
                        "invoiceReferenceNumber", invoiceRef, "ksefNumber", "ignored",
                        "pages", List.of(Map.of("referenceNumber", "x", "downloadUrl", url,
                                "downloadUrlExpirationDate", expires)))));
        await().atMost(Duration.ofSeconds(30)).until(() -> url.equals(session.status(invoiceRef).extract()
                .path("upoDownloadUrl")));
        session.status(invoiceRef).body("upoDownloadUrlExpirationDate", equalTo(expires));
    }

    @Test
    void aMalformedUpoEventIsDeadLetteredAndTheNextOneStillApplied() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String invoiceRef = session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        session.awaitFinalStatus(invoiceRef);
        KafkaProbe.publishRaw("ksef.upo.events", session.referenceNumber, "not an event");
        KafkaProbe.publish("ksef.upo.events", session.referenceNumber, "ksef.upo.generated.v1",
                toJson(Map.of("referenceNumber", session.referenceNumber, "scope", "invoice")));
        String url = "http://localhost:8080/storage/upo/" + invoiceRef + "-after.xml";
        String upo = toJson(Map.of("referenceNumber", session.referenceNumber, "scope", "invoice",
                "invoiceReferenceNumber", invoiceRef, "ksefNumber", "ignored",
                "pages", List.of(Map.of("referenceNumber", "x", "downloadUrl", url,
                        "downloadUrlExpirationDate", "2030-01-01T00:00:00Z"))));
        String eventId = KafkaProbe.publish("ksef.upo.events", session.referenceNumber, "ksef.upo.generated.v1", upo);
        await().atMost(Duration.ofSeconds(30)).until(() -> url.equals(session.status(invoiceRef).extract()
                .path("upoDownloadUrl")));
        assertEquals(2, KafkaProbe.records("ksef.upo.events.dlq", session.referenceNumber, r -> true, 2,
                Duration.ofSeconds(30)).size());
        assertEquals(1, InvoiceDatabase.count("select count(*) from processed_event where event_id = ?", eventId));
    }

    /**
     * Events of one key are consumed in order: once a record after them is through, so are they. The marker is an
     * incomplete {@code session.opened} (an event of an unknown type is skipped without a trace): its trace is the
     * dead-letter topic.
     */
    private void awaitConsumedUpTo(String key) {
        TestSession incomplete = TestSession.fa3(keys).with("formCode", null);
        String marker = KafkaProbe.publish(TestSession.SESSION_TOPIC, key, "ksef.session.opened.v1",
                incomplete.openedJson());
        assertEquals(1, KafkaProbe.records(TestSession.SESSION_TOPIC + ".dlq", key,
                r -> marker.equals(KafkaProbe.header(r, "ce_id")), 1, Duration.ofSeconds(30)).size());
    }

    private static String toJson(Object value) {
        try {
            return new String(JSON.writeValueAsBytes(value), StandardCharsets.UTF_8);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package pl.ksefhub.invoice.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Upstream submissions: session-service's event sessions and {@code submission-assigned} events on the real broker,
 * through the same processing as HTTP invoices, to {@code invoice.accepted}/{@code rejected} with the correlation id.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class SubmissionsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_TOPIC = "ksef.session.events";
    private static final String INVOICE_TOPIC = "ksef.invoice.events";
    private static final String ASSIGNED = "ksef.session.submission-assigned.v1";
    private static final String ACCEPTED = "ksef.invoice.accepted.v1";
    private static final String REJECTED = "ksef.invoice.rejected.v1";
    private static final Duration WAIT = Duration.ofSeconds(60);

    @Test
    void submittedXmlIsAcceptedWithItsCorrelationIdKsefNumberAndXml() throws Exception {
        EventSession session = EventSession.open(TestSession.randomNip());
        String xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber());
        long start = System.nanoTime();
        String correlationId = session.submitXml(xml);

        JsonNode accepted = awaitResult(session, ACCEPTED, correlationId);
        System.out.printf("submission-assigned published -> invoice.accepted read: %d ms%n",
                (System.nanoTime() - start) / 1_000_000);
        assertEquals(correlationId, accepted.get("correlationId").asText());
        assertTrue(accepted.get("ksefNumber").asText().startsWith(session.nip + "-"));
        assertEquals(xml, accepted.get("invoiceXml").asText());
        assertEquals(TestSession.sha256(xml.getBytes(StandardCharsets.UTF_8)), accepted.get("invoiceHash").asText());
        assertEquals(1, accepted.get("ordinalNumber").asInt());
    }

    @Test
    void theSameCorrelationIdDeliveredTwiceUnderNewEventIdsYieldsOneInvoice() throws Exception {
        EventSession session = EventSession.open(TestSession.randomNip());
        String correlationId = "dup-" + UUID.randomUUID();
        String xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber());
        session.submit(correlationId, xml, null);
        session.submit(correlationId, xml, null);
        String marker = session.submitXml(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        awaitResult(session, ACCEPTED, marker);
        session.close();

        JsonNode settled = awaitSettled(session);
        assertEquals(2, settled.get("totalInvoiceCount").asInt(), "the repeated submission stored once");
        List<ConsumerRecord<String, String>> results = KafkaProbe.records(INVOICE_TOPIC, session.referenceNumber,
                r -> r.value().contains(correlationId), 10, Duration.ofSeconds(5));
        assertEquals(1, results.size(), "one accepted, no second invoice");
    }

    @Test
    void aTemplateSubmissionRendersANewInvoiceWithNewNumberAndDates() throws Exception {
        EventSession session = EventSession.open(TestSession.randomNip());
        String originalNumber = "FV/" + InvoiceSamples.uniqueNumber();
        String originalXml = InvoiceSamples.fa3(session.nip, "X").replaceFirst("<P_2>[^<]*</P_2>",
                "<P_2>" + originalNumber + "</P_2>");
        JsonNode original = awaitResult(session, ACCEPTED, session.submitXml(originalXml));
        long saleDocumentId = original.get("invoiceId").asLong();
        LocalDate issueDate = LocalDate.now(ZoneId.of("Europe/Warsaw"));
        String month = issueDate.format(DateTimeFormatter.ofPattern("yyyy-MM"));

        JsonNode first = awaitResult(session, ACCEPTED, session.submitTemplate(saleDocumentId, issueDate));
        String xml = first.get("invoiceXml").asText();
        assertEquals(originalNumber + "/" + month, first.get("invoiceNumber").asText());
        assertEquals(issueDate.toString(), first.get("issueDate").asText());
        assertTrue(xml.contains("<P_2>" + originalNumber + "/" + month + "</P_2>"), xml);
        assertTrue(xml.contains("<P_1>" + issueDate + "</P_1>"), xml);
        assertTrue(xml.contains("<P_6>" + issueDate + "</P_6>"), xml);
        assertFalse(xml.contains("2026-06-05T02:45:33.422866Z"), "DataWytworzeniaFa renewed");
        assertFalse(first.get("ksefNumber").asText().equals(original.get("ksefNumber").asText()));

        JsonNode second = awaitResult(session, ACCEPTED, session.submitTemplate(saleDocumentId, issueDate));
        assertEquals(originalNumber + "/" + month + "/2", second.get("invoiceNumber").asText(),
                "never a duplicate of an earlier one");
    }

    @Test
    void aTemplateOfAnUnknownOrAnotherContextsInvoiceIsRejectedWithTheCorrelationId() throws Exception {
        EventSession other = EventSession.open(TestSession.randomNip());
        long othersInvoice = awaitResult(other, ACCEPTED, other.submitXml(
                InvoiceSamples.fa3(other.nip, InvoiceSamples.uniqueNumber()))).get("invoiceId").asLong();
        EventSession session = EventSession.open(TestSession.randomNip());
        LocalDate today = LocalDate.now(ZoneId.of("Europe/Warsaw"));

        for (long saleDocumentId : new long[]{Long.MAX_VALUE - 1, othersInvoice}) {
            String correlationId = session.submitTemplate(saleDocumentId, today);
            JsonNode rejected = awaitResult(session, REJECTED, correlationId);
            assertEquals(correlationId, rejected.get("correlationId").asText());
            assertEquals(450, rejected.get("status").get("code").asInt());
            assertEquals("Nie znaleziono dokumentu sprzedaży " + saleDocumentId,
                    rejected.get("status").get("details").get(0).asText());
            assertEquals(session.nip, rejected.get("context").get("value").asText());
        }
    }

    @Test
    void aSubmissionFailingValidationIsRejectedWithItsCorrelationId() throws Exception {
        EventSession session = EventSession.open(TestSession.randomNip());
        String correlationId = session.submitXml(InvoiceSamples.fa3(TestSession.randomNip(),
                InvoiceSamples.uniqueNumber()));
        JsonNode rejected = awaitResult(session, REJECTED, correlationId);
        assertEquals(410, rejected.get("status").get("code").asInt(), "seller NIP is not the context");
    }

    @Test
    void aMalformedAssignedEventGoesToTheDeadLetterTopicAndDoesNotBlockTheNextOne() throws Exception {
        EventSession session = EventSession.open(TestSession.randomNip());
        KafkaProbe.publish(SESSION_TOPIC, session.referenceNumber, ASSIGNED,
                "{\"referenceNumber\": \"" + session.referenceNumber + "\", \"invoiceXml\": \"<a/>\"}");
        KafkaProbe.publish(SESSION_TOPIC, session.referenceNumber, ASSIGNED, "not json");
        String next = session.submitXml(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));

        List<ConsumerRecord<String, String>> dead = KafkaProbe.records(SESSION_TOPIC + ".dlq",
                session.referenceNumber, r -> true, 2, WAIT);
        assertEquals(2, dead.size());
        assertNotNull(KafkaProbe.header(dead.get(0), "dead-letter-reason"));
        assertTrue(KafkaProbe.header(dead.get(0), "dead-letter-reason").contains("correlationId"),
                KafkaProbe.header(dead.get(0), "dead-letter-reason"));
        awaitResult(session, ACCEPTED, next);
    }

    @Test
    void closingAnEventSessionSettlesItLikeAnOnlineSession() throws Exception {
        EventSession session = EventSession.open(TestSession.randomNip());
        session.submitXml(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        session.submitXml(InvoiceSamples.fa3(TestSession.randomNip(), InvoiceSamples.uniqueNumber()));
        session.close();

        JsonNode settled = awaitSettled(session);
        assertEquals(2, settled.get("totalInvoiceCount").asInt());
        assertEquals(1, settled.get("successfulInvoiceCount").asInt());
        assertEquals(1, settled.get("failedInvoiceCount").asInt());
    }

    @Test
    void anEventSessionListsItsSubmissionsButTakesNoInvoicesOverHttp() throws Exception {
        EventSession session = EventSession.open(TestSession.randomNip());
        // Its submission being processed shows the session is known before we send over HTTP.
        JsonNode accepted = awaitResult(session, ACCEPTED, session.submitXml(InvoiceSamples.fa3(session.nip,
                InvoiceSamples.uniqueNumber())));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip))
                .get("/v2/sessions/{ref}/invoices", session.referenceNumber)
                .then().statusCode(200)
                .body("invoices.size()", equalTo(1))
                .body("invoices[0].ksefNumber", equalTo(accepted.get("ksefNumber").asText()))
                .body("invoices[0].status.code", equalTo(200));
        byte[] xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()).getBytes(StandardCharsets.UTF_8);
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip))
                .contentType("application/json").body(TestSession.body(xml, xml))
                .post("/v2/sessions/online/{ref}/invoices", session.referenceNumber)
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
    }

    private static JsonNode awaitResult(EventSession session, String type, String correlationId) throws Exception {
        List<ConsumerRecord<String, String>> found = KafkaProbe.records(INVOICE_TOPIC, session.referenceNumber,
                r -> type.equals(KafkaProbe.header(r, "ce_type")) && r.value().contains(correlationId), 1, WAIT);
        assertEquals(1, found.size(), type + " for " + correlationId);
        JsonNode event = JSON.readTree(found.get(0).value());
        assertEquals(correlationId, event.get("correlationId").asText());
        return event;
    }

    private static JsonNode awaitSettled(EventSession session) throws Exception {
        List<ConsumerRecord<String, String>> settled = KafkaProbe.events(INVOICE_TOPIC, session.referenceNumber,
                "ksef.session.invoices-settled.v1", 1, WAIT);
        assertEquals(1, settled.size());
        return JSON.readTree(settled.get(0).value());
    }

    /** An event session as session-service announces it: no key, then submissions assigned to it. */
    private static final class EventSession {

        final String referenceNumber = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        final String nip;

        private EventSession(String nip) {
            this.nip = nip;
        }

        static EventSession open(String nip) {
            EventSession session = new EventSession(nip);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            Map<String, Object> opened = new LinkedHashMap<>();
            opened.put("referenceNumber", session.referenceNumber);
            opened.put("sessionType", "event");
            opened.put("context", Map.of("type", "Nip", "value", nip));
            opened.put("formCode", formCode());
            opened.put("encryptedSymmetricKey", null);
            opened.put("initializationVector", null);
            opened.put("keyValid", true);
            opened.put("authentication", Map.of("referenceNumber",
                    ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION)));
            opened.put("invoiceLimit", 10000);
            opened.put("openedAt", now.toString());
            opened.put("validUntil", now.plusHours(12).toString());
            KafkaProbe.publish(SESSION_TOPIC, session.referenceNumber, "ksef.session.opened.v1", json(opened));
            return session;
        }

        String submitXml(String xml) {
            String correlationId = "xml-" + UUID.randomUUID();
            submit(correlationId, xml, null);
            return correlationId;
        }

        String submitTemplate(long saleDocumentId, LocalDate issueDate) {
            String correlationId = "tpl-" + UUID.randomUUID();
            submit(correlationId, null, Map.of("saleDocumentId", saleDocumentId, "issueDate", issueDate.toString(),
                    "recurringDocumentId", 7));
            return correlationId;
        }

        void submit(String correlationId, String xml, Map<String, Object> template) {
            Map<String, Object> assigned = new LinkedHashMap<>();
            assigned.put("referenceNumber", referenceNumber);
            assigned.put("correlationId", correlationId);
            assigned.put("context", Map.of("type", "Nip", "value", nip));
            assigned.put("formCode", formCode());
            assigned.put("invoiceXml", xml);
            assigned.put("template", template);
            assigned.put("assignedAt", OffsetDateTime.now(ZoneOffset.UTC).toString());
            KafkaProbe.publish(SESSION_TOPIC, referenceNumber, ASSIGNED, json(assigned));
        }

        void close() {
            KafkaProbe.publish(SESSION_TOPIC, referenceNumber, "ksef.session.closed.v1", json(Map.of(
                    "referenceNumber", referenceNumber, "closedAt", OffsetDateTime.now(ZoneOffset.UTC).toString(),
                    "reason", "idle")));
        }

        private static Map<String, Object> formCode() {
            return Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA");
        }

        private static String json(Object value) {
            try {
                return JSON.writeValueAsString(value);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}

package pl.ksefhub.upo.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Events in, UPOs and {@code upo.generated} out, through the real broker and database. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class UpoGenerationIT {

    private static final String GROUP = "upo-service";

    private static Scenario scenario() {
        return Scenario.shared();
    }

    @Test
    void everyAcceptedInvoiceIsAnnouncedWithItsOwnUpoAndDownloadUrl() {
        for (ConsumerRecord<String, String> record : scenario().invoiceUpoRecords) {
            assertEquals(TestEvents.UPO_GENERATED, KafkaEvents.header(record, "ce_type"));
            assertEquals("/upo-service", KafkaEvents.header(record, "ce_source"));
            assertEquals("1.0", KafkaEvents.header(record, "ce_specversion"));
            assertNotNull(KafkaEvents.header(record, "ce_id"));
            assertEquals(scenario().session, KafkaEvents.header(record, "ce_subject"));
        }
        for (Scenario.Invoice invoice : scenario().invoices) {
            JsonNode event = scenario().invoiceUpoEvent(invoice.ordinal());
            assertNotNull(event, "upo.generated for invoice " + invoice.ordinal());
            assertEquals(scenario().session, event.path("referenceNumber").asText());
            assertEquals(invoice.ksefNumber(), event.path("ksefNumber").asText());
            assertEquals(1, event.path("pages").size());
            JsonNode page = event.path("pages").get(0);
            String upoRef = page.path("referenceNumber").asText();
            assertTrue(ReferenceNumbers.isValid(upoRef), upoRef);
            assertEquals("EU", ReferenceNumbers.kindOf(upoRef));
            assertTrue(page.path("downloadUrl").asText().startsWith("http://localhost:8080/storage/upo/" + upoRef
                    + "?expires="), page.path("downloadUrl").asText());
            OffsetDateTime expires = OffsetDateTime.parse(page.path("downloadUrlExpirationDate").asText());
            assertTrue(expires.isAfter(OffsetDateTime.now().plusDays(3).minusMinutes(5)), expires.toString());
            assertFalse(event.has("correlationId"), "only submissions carry a correlation id");
            assertFalse(event.has("upoXml"), "only submissions carry the XML");
        }
    }

    @Test
    void settledSessionIsAnnouncedWithItsSessionUpoPages() {
        ConsumerRecord<String, String> record = scenario().sessionUpoRecord;
        JsonNode event = scenario().sessionUpoEvent();

        assertEquals(TestEvents.UPO_GENERATED, KafkaEvents.header(record, "ce_type"));
        assertEquals(scenario().session, record.key());
        assertEquals("session", event.path("scope").asText());
        assertFalse(event.has("invoiceReferenceNumber"));
        assertEquals(1, event.path("pages").size());
        String upoRef = event.path("pages").get(0).path("referenceNumber").asText();
        assertTrue(ReferenceNumbers.isValid(upoRef));
        assertTrue(event.path("pages").get(0).path("downloadUrl").asText().contains("/storage/upo/" + upoRef));
    }

    @Test
    void redeliveredEventsCreateNothingTwice() throws Exception {
        Scenario s = scenario();
        Scenario.Invoice invoice = s.invoice(1);

        RecordMetadata again = KafkaEvents.publish(TestEvents.INVOICE_EVENTS, s.session, TestEvents.INVOICE_ACCEPTED,
                invoice.eventId(), invoice.payload());
        RecordMetadata settledAgain = KafkaEvents.publish(TestEvents.INVOICE_EVENTS, s.session,
                TestEvents.INVOICES_SETTLED, s.settledEventId, s.settledPayload);

        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaEvents.consumedByGroup(GROUP, again)
                && KafkaEvents.consumedByGroup(GROUP, settledAgain));
        assertEquals(4, documentsOf(s.session), "three invoice UPOs and one session page");
        assertEquals(4, KafkaEvents.all(TestEvents.UPO_EVENTS, s.session).size());
    }

    @Test
    void anInvoiceAnnouncedTwiceUnderAnotherEventIdStillHasOneUpo() throws Exception {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        String invoiceRef = TestEvents.invoiceRef();
        Map<String, Object> payload = TestEvents.invoiceAccepted(session, invoiceRef, 1, TestEvents.ksefNumber(nip),
                nip, null);
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), payload);
        KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1, r -> true, Duration.ofSeconds(30));

        RecordMetadata second = KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), payload);

        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaEvents.consumedByGroup(GROUP, second));
        assertEquals(1, documentsOf(session));
        assertEquals(1, KafkaEvents.all(TestEvents.UPO_EVENTS, session).size());
    }

    @Test
    void sessionWithoutAcceptedInvoicesGetsNoSessionUpo() throws Exception {
        String session = TestEvents.sessionRef();

        RecordMetadata settled = KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICES_SETTLED,
                KafkaEvents.newEventId(), TestEvents.invoicesSettled(session, 2, 0));

        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaEvents.consumedByGroup(GROUP, settled));
        assertEquals(0, documentsOf(session));
        assertTrue(KafkaEvents.all(TestEvents.UPO_EVENTS, session).isEmpty());
        assertTrue(KafkaEvents.all(TestEvents.INVOICE_EVENTS + ".dlq", session).isEmpty());
    }

    @Test
    void submissionUpoEventCarriesTheCorrelationIdAndTheExactXml() {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        String invoiceRef = TestEvents.invoiceRef();
        String correlationId = "recurring-" + invoiceRef;
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), TestEvents.invoiceAccepted(session, invoiceRef, 1,
                        TestEvents.ksefNumber(nip), nip, correlationId));

        JsonNode event = KafkaEvents.payload(KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1, r -> true,
                Duration.ofSeconds(30)).get(0));

        assertEquals(correlationId, event.path("correlationId").asText());
        byte[] served = given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .get("/v2/sessions/" + session + "/invoices/" + invoiceRef + "/upo").then().statusCode(200)
                .extract().asByteArray();
        assertArrayEquals(served, event.path("upoXml").asText().getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void malformedEventsGoToTheDeadLetterTopicAndDoNotBlockThePartition() {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        Map<String, Object> incomplete = TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(), 1,
                TestEvents.ksefNumber(nip), nip, null);
        incomplete.remove("ksefNumber");
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), "{not json");
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED, null,
                TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(), 1, TestEvents.ksefNumber(nip), nip,
                        null));
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), incomplete);
        String goodInvoice = TestEvents.invoiceRef();
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), TestEvents.invoiceAccepted(session, goodInvoice, 2,
                        TestEvents.ksefNumber(nip), nip, null));

        List<ConsumerRecord<String, String>> dead = KafkaEvents.await(TestEvents.INVOICE_EVENTS + ".dlq", session, 3,
                r -> true, Duration.ofSeconds(30));
        JsonNode announced = KafkaEvents.payload(KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1, r -> true,
                Duration.ofSeconds(30)).get(0));

        assertEquals(goodInvoice, announced.path("invoiceReferenceNumber").asText());
        Set<String> reasons = new HashSet<>();
        for (ConsumerRecord<String, String> record : dead) {
            reasons.add(String.valueOf(KafkaEvents.header(record, "dead-letter-reason")));
        }
        assertTrue(reasons.stream().anyMatch(r -> r.contains("ksefNumber")), reasons.toString());
    }

    @Test
    void aRecordRefusedByTheDatabaseIsDeadLetteredAloneWhileTheRestOfItsBatchGoesThrough() {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        String sharedKsefNumber = TestEvents.ksefNumber(nip);
        String first = TestEvents.invoiceRef();
        String clash = TestEvents.invoiceRef();
        String third = TestEvents.invoiceRef();
        KafkaEvents.publishAsync(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), TestEvents.invoiceAccepted(session, first, 1, sharedKsefNumber, nip, null));
        // Another invoice with the same KSeF number: the unique index refuses it.
        KafkaEvents.publishAsync(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), TestEvents.invoiceAccepted(session, clash, 2, sharedKsefNumber, nip, null));
        KafkaEvents.publishAsync(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                KafkaEvents.newEventId(), TestEvents.invoiceAccepted(session, third, 3, TestEvents.ksefNumber(nip),
                        nip, null));
        KafkaEvents.flush();

        List<ConsumerRecord<String, String>> announced = KafkaEvents.await(TestEvents.UPO_EVENTS, session, 2,
                r -> true, Duration.ofSeconds(30));
        ConsumerRecord<String, String> dead = KafkaEvents.await(TestEvents.INVOICE_EVENTS + ".dlq", session, 1,
                r -> true, Duration.ofSeconds(30)).get(0);

        assertEquals(Set.of(first, third), Set.of(
                KafkaEvents.payload(announced.get(0)).path("invoiceReferenceNumber").asText(),
                KafkaEvents.payload(announced.get(1)).path("invoiceReferenceNumber").asText()));
        assertEquals(clash, KafkaEvents.payload(dead).path("invoiceReferenceNumber").asText());
        assertEquals(TestEvents.INVOICE_EVENTS, KafkaEvents.header(dead, "dead-letter-topic"));
        assertNotNull(KafkaEvents.header(dead, "ce_id"), "the original headers travel along");
    }

    private static int documentsOf(String session) throws Exception {
        var config = ConfigProvider.getConfig();
        try (Connection connection = DriverManager.getConnection(
                config.getValue("quarkus.datasource.jdbc.url", String.class),
                config.getValue("quarkus.datasource.username", String.class),
                config.getValue("quarkus.datasource.password", String.class));
             PreparedStatement statement = connection.prepareStatement(
                     "select count(*) from upo_document where session_reference_number = ?")) {
            statement.setString(1, session);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}

package pl.ksefhub.invoice.flow;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ExtractableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.processing.KsefNumbers;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What happens to a sent invoice after 202: the statuses a KSeF client polls for, and the events published. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class InvoiceProcessingIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformKeys keys;

    @Test
    void aValidInvoiceIsAcceptedWithAKsefNumberAndCanBeDownloaded() throws Exception {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber());
        String invoiceRef = session.send(xml);
        assertEquals("EE", invoiceRef.substring(9, 11));

        assertEquals(200, session.awaitFinalStatus(invoiceRef));
        ExtractableResponse<?> status = session.status(invoiceRef)
                .body("ordinalNumber", equalTo(1))
                .body("referenceNumber", equalTo(invoiceRef))
                .body("status.description", equalTo("Sukces"))
                .body("invoiceHash", equalTo(TestSession.sha256(xml.getBytes(StandardCharsets.UTF_8))))
                .body("invoicingMode", equalTo("Online"))
                .body("invoiceNumber", startsWith("FA/GRQMB-"))
                .body("acquisitionDate", notNullValue())
                .body("permanentStorageDate", notNullValue())
                .body("status.details", nullValue())
                .extract();
        String ksefNumber = status.path("ksefNumber");
        assertTrue(KsefNumbers.isValid(ksefNumber), ksefNumber);
        String today = LocalDate.now(ZoneId.of("Europe/Warsaw")).toString().replace("-", "");
        assertTrue(ksefNumber.startsWith(session.nip + "-" + today + "-"), ksefNumber);
        assertTrue(OffsetDateTime.parse(status.path("acquisitionDate"))
                .compareTo(OffsetDateTime.parse(status.path("invoicingDate"))) >= 0);

        byte[] downloaded = given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip,
                        "InvoiceRead"))
                .get("/v2/invoices/ksef/{n}", ksefNumber).then().statusCode(200)
                .contentType(startsWith("application/xml"))
                .header("x-ms-meta-hash", TestSession.sha256(xml.getBytes(StandardCharsets.UTF_8)))
                .extract().asByteArray();
        assertArrayEquals(xml.getBytes(StandardCharsets.UTF_8), downloaded);

        List<ConsumerRecord<String, String>> accepted = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, "ksef.invoice.accepted.v1", 1, Duration.ofSeconds(30));
        assertEquals(1, accepted.size());
        JsonNode event = JSON.readTree(accepted.get(0).value());
        assertEquals(session.referenceNumber, event.get("referenceNumber").asText());
        assertEquals(invoiceRef, event.get("invoiceReferenceNumber").asText());
        assertEquals(1, event.get("ordinalNumber").asInt());
        assertTrue(event.get("invoiceId").asLong() > 0);
        assertEquals(ksefNumber, event.get("ksefNumber").asText());
        assertEquals("Nip", event.at("/context/type").asText());
        assertEquals(session.nip, event.at("/context/value").asText());
        assertEquals(session.nip, event.get("sellerNip").asText());
        assertEquals(status.path("invoiceNumber"), event.get("invoiceNumber").asText());
        assertEquals(LocalDate.now(ZoneId.of("Europe/Warsaw")).toString(), event.get("issueDate").asText());
        assertEquals(OffsetDateTime.parse(status.path("invoicingDate")).toInstant(),
                OffsetDateTime.parse(event.get("invoicingDate").asText()).toInstant());
        assertTrue(event.get("acquisitionDate").asText().endsWith("Z"), event.get("acquisitionDate").asText());
        assertEquals(status.path("invoiceHash"), event.get("invoiceHash").asText());
        assertEquals("Online", event.get("invoicingMode").asText());
        assertEquals("FA (3)", event.at("/formCode/systemCode").asText());
        assertEquals("1-0E", event.at("/formCode/schemaVersion").asText());
        assertEquals("FA", event.at("/formCode/value").asText());
        assertTrue(event.at("/authentication/ksefTokenReferenceNumber").asText().contains("-EC-"));
        assertTrue(event.at("/authentication/authDocumentHash").isNull());
        assertTrue(event.has("correlationId") && event.get("correlationId").isNull());
        assertEquals("/invoice-service", KafkaProbe.header(accepted.get(0), "ce_source"));
        assertEquals(session.referenceNumber, KafkaProbe.header(accepted.get(0), "ce_subject"));

        List<ConsumerRecord<String, String>> received = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, "ksef.invoice.received.v1", 1, Duration.ofSeconds(30));
        JsonNode receivedEvent = JSON.readTree(received.get(0).value());
        assertEquals(invoiceRef, receivedEvent.get("invoiceReferenceNumber").asText());
        assertEquals(1, receivedEvent.get("ordinalNumber").asInt());
    }

    @Test
    void anFa2SessionAcceptsAnFa2Invoice() {
        TestSession session = TestSession.fa2(keys).announceAndAwait();
        String invoiceRef = session.send(InvoiceSamples.fa2(session.nip, InvoiceSamples.uniqueNumber()));
        assertEquals(200, session.awaitFinalStatus(invoiceRef));
    }

    @Test
    void anInvoiceThatBreaksTheSchemaEndsAs450WithTheValidatorsMessages() throws Exception {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())
                .replace("<P_15>13102.43</P_15>", "<P_15>not a number</P_15>");
        String invoiceRef = session.send(xml);
        assertEquals(450, session.awaitFinalStatus(invoiceRef));
        session.status(invoiceRef)
                .body("status.description", equalTo("Błąd weryfikacji semantyki dokumentu faktury"))
                .body("status.details[0]", startsWith("linia "))
                .body("ksefNumber", nullValue())
                .body("acquisitionDate", nullValue());

        List<ConsumerRecord<String, String>> rejected = KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, "ksef.invoice.rejected.v1", 1, Duration.ofSeconds(30));
        JsonNode event = JSON.readTree(rejected.get(0).value());
        assertEquals(invoiceRef, event.get("invoiceReferenceNumber").asText());
        assertEquals(450, event.at("/status/code").asInt());
        assertEquals("Błąd weryfikacji semantyki dokumentu faktury", event.at("/status/description").asText());
        assertTrue(event.at("/status/details").toString().contains("'P_15'"), event.toString());
        assertEquals(session.nip, event.at("/context/value").asText());
    }

    @Test
    void anInvoiceOfAnotherFormCodeThanTheSessionsEndsAs450() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String invoiceRef = session.send(InvoiceSamples.fa2(session.nip, InvoiceSamples.uniqueNumber()));
        assertEquals(450, session.awaitFinalStatus(invoiceRef));
        session.status(invoiceRef).body("status.details[0]", startsWith("Kod formularza faktury (FA (2)"));
    }

    @Test
    void theSameInvoiceSentAgainIsADuplicateWithoutASecondKsefNumber() {
        TestSession first = TestSession.fa3(keys).announceAndAwait();
        String number = InvoiceSamples.uniqueNumber();
        String original = first.send(InvoiceSamples.fa3(first.nip, number));
        assertEquals(200, first.awaitFinalStatus(original));
        String originalKsefNumber = first.status(original).extract().path("ksefNumber");

        TestSession again = TestSession.fa3(keys, first.nip).announceAndAwait();
        String duplicate = again.send(InvoiceSamples.fa3(first.nip, number));
        assertEquals(440, again.awaitFinalStatus(duplicate));
        again.status(duplicate)
                .body("status.description", equalTo("Duplikat faktury"))
                .body("status.details[0]", equalTo("Duplikat faktury. Faktura o numerze KSeF: " + originalKsefNumber
                        + " została już prawidłowo przesłana do systemu w sesji: " + first.referenceNumber))
                .body("status.extensions.originalSessionReferenceNumber", equalTo(first.referenceNumber))
                .body("status.extensions.originalKsefNumber", equalTo(originalKsefNumber))
                .body("ksefNumber", nullValue());
    }

    @Test
    void twoCopiesInOneSessionGiveOneKsefNumberAndOneDuplicate() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber());
        String first = session.send(xml);
        String second = session.send(xml);
        int firstStatus = session.awaitFinalStatus(first);
        int secondStatus = session.awaitFinalStatus(second);
        assertEquals(List.of(200, 440), List.of(firstStatus, secondStatus));
    }

    @Test
    void anInvoiceOfAnotherSellerThanTheContextEndsAs410() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String invoiceRef = session.send(InvoiceSamples.fa3(TestSession.randomNip(), InvoiceSamples.uniqueNumber()));
        assertEquals(410, session.awaitFinalStatus(invoiceRef));
        session.status(invoiceRef).body("status.description", equalTo("Nieprawidłowy zakres uprawnień"));
    }

    @Test
    void aCiphertextThatDoesNotDecryptIsTakenAndEndsAs435() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        byte[] plaintext = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())
                .getBytes(StandardCharsets.UTF_8);
        // Not a whole number of AES blocks: no key can decrypt it.
        byte[] garbage = new byte[plaintext.length + 5];
        new java.util.Random(7).nextBytes(garbage);
        String invoiceRef = session.post(TestSession.body(plaintext, garbage)).then().statusCode(202)
                .extract().path("referenceNumber");
        assertEquals(435, session.awaitFinalStatus(invoiceRef));
        session.status(invoiceRef).body("status.description", equalTo("Błąd odszyfrowania pliku"));
        given().header("Authorization", "Bearer " + session.token)
                .get("/v2/sessions/{ref}/invoices/failed", session.referenceNumber).then().statusCode(200)
                .body("invoices.referenceNumber", hasItem(invoiceRef));
    }

    @Test
    void anInvoiceDatedInTheFutureEndsAs450() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String tomorrow = LocalDate.now(ZoneId.of("Europe/Warsaw")).plusDays(2).toString();
        String xml = InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())
                .replaceFirst("<P_1>[^<]*</P_1>", "<P_1>" + tomorrow + "</P_1>");
        String invoiceRef = session.send(xml);
        assertEquals(450, session.awaitFinalStatus(invoiceRef));
        session.status(invoiceRef).body("status.details[0]", startsWith("Data wystawienia faktury (P_1)"));
    }

    @Test
    void anInvoiceWithAttachmentEndsAs415UnlessTheContextMayAndItIsATechnicalCorrection() {
        TestSession noConsent = TestSession.fa3(keys).with("attachmentsAllowed", false).announceAndAwait();
        String refused = noConsent.send(InvoiceSamples.fa3WithAttachment(noConsent.nip, InvoiceSamples.uniqueNumber()));
        assertEquals(415, noConsent.awaitFinalStatus(refused));
        noConsent.status(refused)
                .body("status.description", equalTo("Brak możliwości wysyłania faktury z załącznikiem"));

        // With the consent an online session still takes one only as a technical correction of an offline invoice.
        TestSession consent = TestSession.fa3(keys).with("attachmentsAllowed", true).announceAndAwait();
        String plain = consent.send(InvoiceSamples.fa3WithAttachment(consent.nip, InvoiceSamples.uniqueNumber()));
        assertEquals(415, consent.awaitFinalStatus(plain));
        java.util.Map<String, Object> correction =
                consent.sendBody(InvoiceSamples.fa3WithAttachment(consent.nip, InvoiceSamples.uniqueNumber()));
        correction.put("offlineMode", true);
        correction.put("hashOfCorrectedInvoice", TestSession.sha256("the corrected one".getBytes(StandardCharsets.UTF_8)));
        String corrected = consent.post(correction).then().statusCode(202).extract().path("referenceNumber");
        assertEquals(200, consent.awaitFinalStatus(corrected));
    }

    @Test
    void theContextsInvoiceSizeLimitFromSessionOpenedApplies() {
        TestSession small = TestSession.fa3(keys).with("maxInvoiceSize", 500).announceAndAwait();
        small.post(small.sendBody(InvoiceSamples.fa3(small.nip, InvoiceSamples.uniqueNumber())))
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].details[0]", equalTo(
                        "'invoiceSize' must be less than or equal to '500'."));
        // A limit raised above the default takes invoices the default would refuse (here: only the declared size).
        TestSession large = TestSession.fa3(keys).with("maxInvoiceSize", 2_000_000).announceAndAwait();
        assertEquals(200, large.awaitFinalStatus(
                large.send(InvoiceSamples.fa3(large.nip, InvoiceSamples.uniqueNumber()))));
    }

    @Test
    void aSessionWithAnInvoiceLimitOfZeroTakesNone() {
        TestSession none = TestSession.fa3(keys).with("invoiceLimit", 0).announceAndAwait();
        none.post(none.sendBody(InvoiceSamples.fa3(none.nip, InvoiceSamples.uniqueNumber())))
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21155));
    }
}

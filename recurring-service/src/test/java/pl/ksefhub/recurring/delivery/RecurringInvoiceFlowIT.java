package pl.ksefhub.recurring.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.mail.Message;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.MimeMessage;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.recurring.support.Database;
import pl.ksefhub.recurring.support.Fixtures;
import pl.ksefhub.recurring.support.GreenMailResource;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.recurring.support.Fixtures.as;

/**
 * The whole recurring flow against the real broker, database and an SMTP server: an accepted invoice becomes a sale
 * document, a recurring document due now is issued once as {@code submission.requested}, and when the invoice it
 * asked for is accepted and its UPO generated, the invoice is e-mailed with both XMLs and its KSeF number.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
@QuarkusTestResource(GreenMailResource.class)
class RecurringInvoiceFlowIT {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final Logger LOG = Logger.getLogger(RecurringInvoiceFlowIT.class);

    @Test
    void aDueRecurringDocumentIsSubmittedOnceAndItsInvoiceIsEmailedWithTheInvoiceAndItsUpo() throws Exception {
        String nip = Fixtures.randomNip();
        long sale = Fixtures.saleDocument(nip, "FV/1/2026");
        long added = System.nanoTime();
        long documentId = addDueNow(nip, sale, "Abonament", "klient@firma.pl", "kopia@firma.pl");
        List<ConsumerRecord<String, String>> requested = KafkaProbe.events("ksef.submissions", nip,
                "ksef.submission.requested.v1", 1, Duration.ofSeconds(30));
        LOG.infof("timing: add -> submission.requested on Kafka in %d ms (scheduler tick 1 s)",
                (System.nanoTime() - added) / 1_000_000);
        assertEquals(1, requested.size());

        JsonNode submission = theOneSubmissionOf(nip, documentId);
        LocalDate today = LocalDate.now(WARSAW);
        String correlationId = "recurring-" + documentId + "-" + today;
        assertEquals(correlationId, submission.get("correlationId").asText());
        assertEquals("Nip", submission.at("/context/type").asText());
        assertEquals(nip, submission.at("/context/value").asText());
        assertEquals("FA (3)", submission.at("/formCode/systemCode").asText());
        assertEquals("1-0E", submission.at("/formCode/schemaVersion").asText());
        assertEquals("FA", submission.at("/formCode/value").asText());
        assertEquals(sale, submission.at("/template/saleDocumentId").asLong());
        assertEquals(today.toString(), submission.at("/template/issueDate").asText());
        assertEquals(documentId, submission.at("/template/recurringDocumentId").asLong());
        assertEquals("recurring-service", submission.get("source").asText());
        assertNotNull(submission.get("requestedAt"));
        assertFalse(submission.has("invoiceXml"));

        // invoice-service renders and KSeF-numbers the invoice, upo-service signs its UPO.
        String ksefNumber = Fixtures.ksefNumber(nip);
        String invoiceXml = "<Faktura xmlns=\"http://crd.gov.pl/wzor/2025/06/25/13775/\"><P_2>FV/2/2026</P_2>"
                + "<P_1>" + today + "</P_1></Faktura>";
        String upoXml = "<Potwierdzenie><NumerKSeFDokumentu>" + ksefNumber + "</NumerKSeFDokumentu></Potwierdzenie>";
        Map<String, Object> accepted = Fixtures.publishAccepted(nip, Fixtures.nextInvoiceId(), "FV/2/2026",
                ksefNumber, correlationId, invoiceXml);
        long results = System.nanoTime();
        publishUpo(accepted, correlationId, upoXml);

        List<MimeMessage> mails = awaitMails(ksefNumber, 2);
        LOG.infof("timing: invoice.accepted + upo.generated -> e-mail in GreenMail in %d ms (mail round 1 s)",
                (System.nanoTime() - results) / 1_000_000);
        MimeMessage mail = mails.get(0);
        assertEquals("Faktura FV/2/2026, numer KSeF " + ksefNumber, mail.getSubject());
        assertEquals(List.of("klient@firma.pl"), addresses(mail, Message.RecipientType.TO));
        assertEquals(List.of("kopia@firma.pl"), addresses(mail, Message.RecipientType.CC));
        Map<String, String> attachments = attachments(mail);
        assertEquals(invoiceXml, attachments.get("Faktura_FV_2_2026.xml"));
        assertEquals(upoXml, attachments.get("UPO_" + ksefNumber + ".xml"));
        assertTrue(text(mail).contains(ksefNumber));

        try (Connection db = Database.connect();
             PreparedStatement query = db.prepareStatement("select status, ksef_number, invoice_number,"
                     + " mail_status, mail_sent_at from recurring_occurrence where correlation_id = ?")) {
            query.setString(1, correlationId);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next());
                assertEquals("issued", rs.getString(1));
                assertEquals(ksefNumber, rs.getString(2));
                assertEquals("FV/2/2026", rs.getString(3));
                assertEquals("sent", rs.getString(4));
                assertNotNull(rs.getTimestamp(5));
            }
        }

        // The same UPO announced again (another event id) sends nothing more; nor does time.
        publishUpo(accepted, correlationId, upoXml);
        assertEquals(1, KafkaProbe.events("ksef.submissions", nip, "ksef.submission.requested.v1", 2,
                Duration.ofSeconds(4)).size());
        assertEquals(2, mailsWith(ksefNumber).size());
    }

    @Test
    void aUpoArrivingBeforeTheAcceptedInvoiceStillSendsTheEmailOnce() throws Exception {
        String nip = Fixtures.randomNip();
        long sale = Fixtures.saleDocument(nip, "FV/10/2026");
        long documentId = addDueNow(nip, sale, "Najem", "najemca@firma.pl", null);
        String correlationId = theOneSubmissionOf(nip, documentId).get("correlationId").asText();

        String ksefNumber = Fixtures.ksefNumber(nip);
        Map<String, Object> accepted = new LinkedHashMap<>();
        accepted.put("referenceNumber", ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION));
        accepted.put("invoiceReferenceNumber", ReferenceNumbers.next(ReferenceNumbers.INVOICE));
        publishUpo(accepted, correlationId, "<UPO/>");
        Fixtures.publishAccepted(nip, Fixtures.nextInvoiceId(), "FV/11/2026", ksefNumber, correlationId,
                "<Faktura/>");

        MimeMessage mail = awaitMails(ksefNumber, 1).get(0);
        assertEquals(List.of("najemca@firma.pl"), addresses(mail, Message.RecipientType.TO));
        assertEquals(List.of(), addresses(mail, Message.RecipientType.CC));
        assertEquals(Map.of("Faktura_FV_11_2026.xml", "<Faktura/>", "UPO_" + ksefNumber + ".xml", "<UPO/>"),
                attachments(mail));
    }

    @Test
    void aRejectedOccurrenceIsRecordedAndNothingIsEmailed() throws Exception {
        String nip = Fixtures.randomNip();
        long sale = Fixtures.saleDocument(nip, "FV/20/2026");
        long documentId = addDueNow(nip, sale, "Odrzucana", "klient@firma.pl", null);
        String correlationId = theOneSubmissionOf(nip, documentId).get("correlationId").asText();
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.rejected.v1", Fixtures.json(Map.of(
                "referenceNumber", session, "invoiceReferenceNumber", ReferenceNumbers.next(ReferenceNumbers.INVOICE),
                "ordinalNumber", 1, "status", Map.of("code", 450, "description", "Błąd weryfikacji semantyki"
                        + " dokumentu faktury", "details", List.of("Brak P_2")),
                "context", Map.of("type", "Nip", "value", nip), "correlationId", correlationId)));
        try (Connection db = Database.connect()) {
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                try (PreparedStatement query = db.prepareStatement("select status, rejection_code, mail_status"
                        + " from recurring_occurrence where correlation_id = ?")) {
                    query.setString(1, correlationId);
                    try (ResultSet rs = query.executeQuery()) {
                        assertTrue(rs.next());
                        assertEquals("rejected", rs.getString(1));
                        assertEquals(450, rs.getInt(2));
                        assertEquals(null, rs.getString(3));
                    }
                }
            });
        }
    }

    @Test
    void aMalformedUpoEventGoesToTheDeadLetterTopic() {
        String key = "malformed-upo-" + Fixtures.randomNip();
        KafkaProbe.publishRaw("ksef.upo.events", key, "{not json");
        assertEquals(1, KafkaProbe.records("ksef.upo.events.dlq", key, r -> true, 1, Duration.ofSeconds(30)).size());
    }

    /** A document whose first occurrence is due at once: starts today at the current hour (Warsaw). */
    private static long addDueNow(String nip, long sale, String name, String email, String copy) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("idSaleDocument", sale);
        body.put("intervalTimeType", "month");
        body.put("startDate", LocalDate.now(WARSAW).toString());
        body.put("hourToSend", String.valueOf(ZonedDateTime.now(WARSAW).getHour()));
        body.put("email", email);
        body.put("emailForConfirmation", copy);
        return as(nip).body(body).post("/api/recurring-documents/add").then().statusCode(200)
                .extract().jsonPath().getLong("response.id");
    }

    /** The document's submission on Kafka: it appears, and stays the only one across further scheduler ticks. */
    private static JsonNode theOneSubmissionOf(String nip, long documentId) throws Exception {
        List<ConsumerRecord<String, String>> first = KafkaProbe.events("ksef.submissions", nip,
                "ksef.submission.requested.v1", 1, Duration.ofSeconds(30));
        assertEquals(1, first.size(), "submission.requested of document " + documentId);
        ConsumerRecord<String, String> record = first.get(0);
        assertEquals("/recurring-service", KafkaProbe.header(record, "ce_source"));
        assertEquals(nip, KafkaProbe.header(record, "ce_subject"));
        assertEquals("1.0", KafkaProbe.header(record, "ce_specversion"));
        assertNotNull(KafkaProbe.header(record, "ce_id"));
        // Several 1 s ticks later there is still one.
        assertEquals(1, KafkaProbe.events("ksef.submissions", nip, "ksef.submission.requested.v1", 2,
                Duration.ofSeconds(4)).size());
        return Fixtures.JSON.readTree(record.value());
    }

    private static void publishUpo(Map<String, Object> accepted, String correlationId, String upoXml) {
        String session = (String) accepted.get("referenceNumber");
        Map<String, Object> upo = new LinkedHashMap<>();
        upo.put("referenceNumber", session);
        upo.put("scope", "invoice");
        upo.put("invoiceReferenceNumber", accepted.get("invoiceReferenceNumber"));
        upo.put("ksefNumber", accepted.get("ksefNumber"));
        upo.put("pages", List.of(Map.of("referenceNumber", ReferenceNumbers.next(ReferenceNumbers.UPO),
                "downloadUrl", "http://localhost:8080/storage/upo/x", "downloadUrlExpirationDate",
                "2026-11-25T10:00:00Z")));
        upo.put("correlationId", correlationId);
        upo.put("upoXml", upoXml);
        KafkaProbe.publish("ksef.upo.events", session, "ksef.upo.generated.v1", Fixtures.json(upo));
    }

    /** GreenMail keeps one message per recipient. */
    private static List<MimeMessage> awaitMails(String ksefNumber, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> mailsWith(ksefNumber).size() >= count);
        List<MimeMessage> found = mailsWith(ksefNumber);
        assertEquals(count, found.size());
        return found;
    }

    private static List<MimeMessage> mailsWith(String ksefNumber) {
        GreenMail greenMail = GreenMailResource.greenMail();
        return Arrays.stream(greenMail.getReceivedMessages()).filter(message -> {
            try {
                return message.getSubject() != null && message.getSubject().contains(ksefNumber);
            } catch (Exception e) {
                return false;
            }
        }).toList();
    }

    private static List<String> addresses(MimeMessage mail, Message.RecipientType type) throws Exception {
        var recipients = mail.getRecipients(type);
        return recipients == null ? List.of()
                : Arrays.stream(recipients).map(address -> ((jakarta.mail.internet.InternetAddress) address)
                .getAddress()).toList();
    }

    private static Map<String, String> attachments(MimeMessage mail) throws Exception {
        Map<String, String> found = new LinkedHashMap<>();
        Multipart multipart = (Multipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            Part part = multipart.getBodyPart(i);
            if (part.getFileName() != null) {
                found.put(part.getFileName(), new String(part.getInputStream().readAllBytes(),
                        StandardCharsets.UTF_8));
            }
        }
        return found;
    }

    private static String text(MimeMessage mail) throws Exception {
        Multipart multipart = (Multipart) mail.getContent();
        for (int i = 0; i < multipart.getCount(); i++) {
            Part part = multipart.getBodyPart(i);
            if (part.getFileName() == null && part.isMimeType("text/plain")) {
                return (String) part.getContent();
            }
        }
        return "";
    }
}

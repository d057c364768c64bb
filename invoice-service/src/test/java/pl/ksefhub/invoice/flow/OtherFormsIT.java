package pl.ksefhub.invoice.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.processing.KsefNumbers;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * FA_RR (1) and PEF (3) sessions end to end: the invoice validated against its form's schema, numbered, and found
 * by the metadata query under its formCode, seller and buyer (formType FA_RR / PEF); a PEF invoice's UBL attachment
 * shown as hasAttachment.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class OtherFormsIT {

    @Inject
    PlatformKeys keys;

    @Test
    void anFaRrInvoiceIsAcceptedNumberedAndQueriedAsFaRr() {
        TestSession session = TestSession.ofForm(keys, "FA_RR (1)", "1-1E", "FA_RR").announceAndAwait();
        String buyer = TestSession.randomNip();
        String number = "RR/" + InvoiceSamples.uniqueNumber();
        String ksefNumber = accept(session, InvoiceSamples.faRr(session.nip, buyer, number));

        query(session.nip, Map.of("formType", "FA_RR"))
                .body("invoices", hasSize(1))
                .body("invoices[0].ksefNumber", equalTo(ksefNumber))
                .body("invoices[0].invoiceNumber", equalTo(number))
                .body("invoices[0].seller.nip", equalTo(session.nip))
                .body("invoices[0].seller.name", equalTo("Gospodarstwo Rolne Nowak"))
                .body("invoices[0].buyer.identifier.type", equalTo("Nip"))
                .body("invoices[0].buyer.identifier.value", equalTo(buyer))
                .body("invoices[0].netAmount", equalTo(2000.0f))
                .body("invoices[0].vatAmount", equalTo(140.0f))
                .body("invoices[0].grossAmount", equalTo(2140.0f))
                .body("invoices[0].invoiceType", equalTo("VatRr"))
                .body("invoices[0].formCode.systemCode", equalTo("FA_RR (1)"))
                .body("invoices[0].formCode.schemaVersion", equalTo("1-1E"))
                .body("invoices[0].formCode.value", equalTo("FA_RR"));
        query(session.nip, Map.of("formType", "FA")).body("invoices", hasSize(0));
        query(session.nip, Map.of("invoiceTypes", List.of("VatRr"))).body("invoices", hasSize(1));
    }

    @Test
    void aPefInvoiceIsAcceptedNumberedAndQueriedAsPef() {
        TestSession session = TestSession.ofForm(keys, "PEF (3)", "2-1", "PEF").announceAndAwait();
        String buyer = TestSession.randomNip();
        String number = "PEF/" + InvoiceSamples.uniqueNumber();
        String ksefNumber = accept(session, InvoiceSamples.pef(session.nip, buyer, number));

        query(session.nip, Map.of("formType", "PEF"))
                .body("invoices", hasSize(1))
                .body("invoices[0].ksefNumber", equalTo(ksefNumber))
                .body("invoices[0].invoiceNumber", equalTo(number))
                .body("invoices[0].seller.nip", equalTo(session.nip))
                .body("invoices[0].seller.name", equalTo("Dostawca Peppol Sp. z o.o."))
                .body("invoices[0].buyer.identifier.type", equalTo("Nip"))
                .body("invoices[0].buyer.identifier.value", equalTo(buyer))
                .body("invoices[0].buyer.name", equalTo("Odbiorca Publiczny"))
                .body("invoices[0].netAmount", equalTo(1000.0f))
                .body("invoices[0].vatAmount", equalTo(230.0f))
                .body("invoices[0].grossAmount", equalTo(1230.0f))
                .body("invoices[0].currency", equalTo("PLN"))
                .body("invoices[0].invoiceType", equalTo("VatPef"))
                .body("invoices[0].formCode.systemCode", equalTo("PEF (3)"))
                .body("invoices[0].formCode.schemaVersion", equalTo("2-1"))
                .body("invoices[0].formCode.value", equalTo("PEF"));
        query(session.nip, Map.of("formType", "FA_RR")).body("invoices", hasSize(0));
        query(buyer, "Subject2", Map.of("formType", "PEF")).body("invoices", hasSize(1));

        // A UBL attachment goes online without the attachment consent (that is FA's Zalacznik) and is what
        // hasAttachment shows and filters on.
        String withAttachment = accept(session, InvoiceSamples.pef(session.nip, buyer, "PEF/Z/" + number)
                .replace("<cac:AccountingSupplierParty>", "<cac:AdditionalDocumentReference><cbc:ID>ZAL-1</cbc:ID>"
                        + "<cac:Attachment><cbc:EmbeddedDocumentBinaryObject mimeCode=\"image/png\" filename=\"a.png\">"
                        + "iVBORw0KGgo=</cbc:EmbeddedDocumentBinaryObject></cac:Attachment>"
                        + "</cac:AdditionalDocumentReference><cac:AccountingSupplierParty>"));
        query(session.nip, Map.of("formType", "PEF", "hasAttachment", true)).body("invoices", hasSize(1))
                .body("invoices[0].ksefNumber", equalTo(withAttachment))
                .body("invoices[0].hasAttachment", equalTo(true));
        query(session.nip, Map.of("formType", "PEF", "hasAttachment", false)).body("invoices", hasSize(1))
                .body("invoices[0].ksefNumber", equalTo(ksefNumber));
    }

    @Test
    void schemaInvalidFaRrAndPefInvoicesEndAs450WithTheValidatorsMessages() {
        TestSession rr = TestSession.ofForm(keys, "FA_RR (1)", "1-1E", "FA_RR").announceAndAwait();
        String rrRef = rr.send(InvoiceSamples.faRr(rr.nip, TestSession.randomNip(), InvoiceSamples.uniqueNumber())
                .replace("<P_12_1>2140.00</P_12_1>", "<P_12_1>not a number</P_12_1>"));
        assertEquals(450, rr.awaitFinalStatus(rrRef));
        rr.status(rrRef).body("status.description", equalTo("Błąd weryfikacji semantyki dokumentu faktury"))
                .body("status.details[0]", startsWith("linia ")).body("ksefNumber", nullValue());

        TestSession pef = TestSession.ofForm(keys, "PEF (3)", "2-1", "PEF").announceAndAwait();
        String pefRef = pef.send(InvoiceSamples.pef(pef.nip, TestSession.randomNip(), InvoiceSamples.uniqueNumber())
                .replace("<cbc:IssueDate>", "<cbc:IssueDate>x"));
        assertEquals(450, pef.awaitFinalStatus(pefRef));
        pef.status(pefRef).body("status.description", equalTo("Błąd weryfikacji semantyki dokumentu faktury"))
                .body("status.details[0]", startsWith("linia ")).body("ksefNumber", nullValue());
        // An FA invoice in a PEF session is refused by the PEF schema.
        String faRef = pef.send(InvoiceSamples.fa3(pef.nip, InvoiceSamples.uniqueNumber()));
        assertEquals(450, pef.awaitFinalStatus(faRef));
    }

    private static String accept(TestSession session, String xml) {
        String invoiceRef = session.send(xml);
        assertEquals(200, session.awaitFinalStatus(invoiceRef));
        String ksefNumber = session.status(invoiceRef).extract().path("ksefNumber");
        assertTrue(KsefNumbers.isValid(ksefNumber), ksefNumber);
        assertTrue(ksefNumber.startsWith(session.nip + "-"), ksefNumber);
        return ksefNumber;
    }

    private static ValidatableResponse query(String nip, Map<String, Object> filters) {
        return query(nip, "Subject1", filters);
    }

    private static ValidatableResponse query(String nip, String subjectType, Map<String, Object> filters) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Map<String, Object> body = new LinkedHashMap<>(filters);
        body.put("subjectType", subjectType);
        body.put("dateRange", Map.of("dateType", "Invoicing", "from", now.minusDays(10).toString(), "to",
                now.plusDays(10).toString()));
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType("application/json").body(body)
                .post("/v2/invoices/query/metadata").then().statusCode(200);
    }
}

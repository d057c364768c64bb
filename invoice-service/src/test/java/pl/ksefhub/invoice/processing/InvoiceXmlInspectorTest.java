package pl.ksefhub.invoice.processing;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoiceXmlInspectorTest {

    private static final String NIP = "5265877635";
    private static InvoiceSchema fa3;
    private static InvoiceSchema fa2;
    private final InvoiceXmlInspector inspector = new InvoiceXmlInspector(10);

    @BeforeAll
    static void compileSchemas() {
        InvoiceSchemas schemas = new InvoiceSchemas();
        fa3 = schemas.forFormCode("FA (3)", "1-0E").orElseThrow();
        fa2 = schemas.forFormCode("FA (2)", "1-0E").orElseThrow();
    }

    @Test
    void anFaRrInvoiceIsValidAgainstItsSchemaAndReadWithFakturaRrsFields() {
        InvoiceSchema rr = new InvoiceSchemas().forFormCode("FA_RR (1)", "1-1E").orElseThrow();
        InvoiceInspection inspection = inspect(InvoiceSamples.faRr(NIP, "3861610227", "RR/1"), rr);
        assertEquals(List.of(), inspection.problems());
        assertEquals("FA_RR (1)", inspection.formSystemCode());
        assertEquals("1-1E", inspection.formSchemaVersion());
        assertEquals("FA_RR", inspection.formValue());
        assertEquals(NIP, inspection.sellerNip());
        assertEquals("3861610227", inspection.buyerNip());
        assertEquals("RR/1", inspection.invoiceNumber());
        assertEquals("VAT_RR", inspection.invoiceType());
        assertEquals(LocalDate.now(ZoneId.of("Europe/Warsaw")).toString(), inspection.issueDate());
        InvoiceMetadataFields metadata = inspection.metadata();
        assertEquals("Gospodarstwo Rolne Nowak", metadata.sellerName());
        assertEquals(new InvoiceMetadataFields.Party("Nip", "3861610227", "Zakład Przetwórstwa Warzyw Sp. z o.o."),
                metadata.buyer());
        assertEquals("PLN", metadata.currency());
        assertEquals(new BigDecimal("2000.00"), metadata.netAmount());
        assertEquals(new BigDecimal("140.00"), metadata.vatAmount());
        assertEquals(new BigDecimal("2140.00"), metadata.grossAmount());
        // The FA schema does not take it: a session's schema is the one its form code names.
        assertFalse(inspect(InvoiceSamples.faRr(NIP, "3861610227", "RR/1"), fa3).isValid());
    }

    @Test
    void aPefInvoiceIsValidAgainstItsUblSchemaAndReadFromItsParties() {
        InvoiceSchemas schemas = new InvoiceSchemas();
        InvoiceSchema pef = schemas.forFormCode("PEF (3)", "2-1").orElseThrow();
        InvoiceInspection inspection = inspect(InvoiceSamples.pef(NIP, "3861610227", "PEF/1"), pef);
        assertEquals(List.of(), inspection.problems());
        assertNull(inspection.formSystemCode());
        assertEquals(NIP, inspection.sellerNip());
        assertEquals("3861610227", inspection.buyerNip());
        assertEquals("PEF/1", inspection.invoiceNumber());
        assertEquals("VAT_PEF", inspection.invoiceType());
        assertEquals(LocalDate.now(ZoneId.of("Europe/Warsaw")).toString(), inspection.issueDate());
        InvoiceMetadataFields metadata = inspection.metadata();
        assertEquals("Dostawca Peppol Sp. z o.o.", metadata.sellerName());
        assertEquals(new InvoiceMetadataFields.Party("Nip", "3861610227", "Odbiorca Publiczny"), metadata.buyer());
        assertEquals("PLN", metadata.currency());
        assertEquals(new BigDecimal("1000.00"), metadata.netAmount());
        assertEquals(new BigDecimal("230.00"), metadata.vatAmount());
        assertEquals(new BigDecimal("1230.00"), metadata.grossAmount());
        // An invoice is not a credit note: PEF_KOR's schema wants CreditNote.
        InvoiceSchema pefKor = schemas.forFormCode("PEF_KOR (3)", "2-1").orElseThrow();
        assertFalse(inspect(InvoiceSamples.pef(NIP, "3861610227", "PEF/1"), pefKor).isValid());
        InvoiceInspection broken = inspect(InvoiceSamples.pef(NIP, "3861610227", "PEF/2")
                .replace("<cbc:IssueDate>", "<cbc:IssueDate>x"), pef);
        assertFalse(broken.isValid());
        assertTrue(broken.problems().get(0).startsWith("linia "), broken.problems().toString());
    }

    @Test
    void aPefInvoiceCarriesItsAttachmentInUblAndNeedsNoConsentForIt() {
        InvoiceSchema pef = new InvoiceSchemas().forFormCode("PEF (3)", "2-1").orElseThrow();
        assertFalse(inspect(InvoiceSamples.pef(NIP, "3861610227", "PEF/1"), pef).hasAttachment());
        String withAttachment = InvoiceSamples.pef(NIP, "3861610227", "PEF/3").replace("<cac:AccountingSupplierParty>",
                "<cac:AdditionalDocumentReference><cbc:ID>ZAL-1</cbc:ID><cac:Attachment>"
                        + "<cbc:EmbeddedDocumentBinaryObject mimeCode=\"image/png\" filename=\"a.png\">iVBORw0KGgo="
                        + "</cbc:EmbeddedDocumentBinaryObject></cac:Attachment></cac:AdditionalDocumentReference>"
                        + "<cac:AccountingSupplierParty>");
        InvoiceInspection inspection = inspect(withAttachment, pef);
        assertEquals(List.of(), inspection.problems());
        assertTrue(inspection.hasAttachment());
        assertFalse(inspection.attachmentNeedsConsent());
    }

    @Test
    void theOfficialFa3SampleIsValidAndItsFieldsAreRead() {
        InvoiceInspection inspection = inspect(InvoiceSamples.fa3(NIP, "FV/1"), fa3);
        assertEquals(java.util.List.of(), inspection.problems());
        assertEquals("FA (3)", inspection.formSystemCode());
        assertEquals("1-0E", inspection.formSchemaVersion());
        assertEquals("FA", inspection.formValue());
        assertEquals(NIP, inspection.sellerNip());
        assertEquals("3861610227", inspection.buyerNip());
        assertEquals("FA/GRQMB-FV/1/05/2025", inspection.invoiceNumber());
        assertEquals("VAT", inspection.invoiceType());
        assertEquals(LocalDate.now(ZoneId.of("Europe/Warsaw")).toString(), inspection.issueDate());
    }

    @Test
    void theMetadataOfTheSampleIsRead() {
        InvoiceMetadataFields metadata = inspect(InvoiceSamples.fa3(NIP, "FV/M"), fa3).metadata();
        assertEquals("Bogusz - Sienkiewicz", metadata.sellerName());
        assertEquals(new InvoiceMetadataFields.Party("Nip", "3861610227", "Błaszczak - Lenart"), metadata.buyer());
        assertEquals("PLN", metadata.currency());
        assertEquals(new BigDecimal("10652.38"), metadata.netAmount());
        assertEquals(new BigDecimal("2450.05"), metadata.vatAmount());
        assertEquals(new BigDecimal("13102.43"), metadata.grossAmount());
        assertFalse(metadata.selfInvoicing());
        assertEquals(List.of(), metadata.thirdSubjects());
        assertNull(metadata.authorized());
    }

    @Test
    void foreignBuyersAndThirdSubjectsAreRead() {
        String xml = InvoiceSamples.fa3WithParties(NIP, "FV/T", "<KodUE>DE</KodUE><NrVatUE>123456789</NrVatUE>",
                InvoiceSamples.thirdSubject("<NIP>1111111111</NIP>", "Odbiorca", 2),
                InvoiceSamples.thirdSubject("<IDWew>1111111111-00001</IDWew>", "Oddział", 8));
        InvoiceInspection inspection = inspect(xml, fa3);
        assertEquals(List.of(), inspection.problems());
        InvoiceMetadataFields metadata = inspection.metadata();
        assertEquals(new InvoiceMetadataFields.Party("VatUe", "DE123456789", "Błaszczak - Lenart"), metadata.buyer());
        assertEquals(List.of(
                new InvoiceMetadataFields.ThirdSubject(
                        new InvoiceMetadataFields.Party("Nip", "1111111111", "Odbiorca"), 2),
                new InvoiceMetadataFields.ThirdSubject(
                        new InvoiceMetadataFields.Party("InternalId", "1111111111-00001", "Oddział"), 8)),
                metadata.thirdSubjects());

        InvoiceMetadataFields other = inspect(InvoiceSamples.fa3WithParties(NIP, "FV/O",
                "<KodKraju>US</KodKraju><NrID>US-77</NrID>"), fa3).metadata();
        assertEquals(new InvoiceMetadataFields.Party("Other", "US-77", "Błaszczak - Lenart"), other.buyer());
        InvoiceInspection none = inspect(InvoiceSamples.fa3WithParties(NIP, "FV/N", "<BrakID>1</BrakID>"), fa3);
        assertEquals(List.of(), none.problems());
        assertEquals(new InvoiceMetadataFields.Party("None", null, "Błaszczak - Lenart"), none.metadata().buyer());
    }

    @Test
    void theFa2SampleHasItsMetadataToo() {
        InvoiceMetadataFields metadata = inspect(InvoiceSamples.fa2(NIP, "FV/2M"), fa2).metadata();
        assertEquals("Nip", metadata.buyer().identifierType());
        assertNotNull(metadata.grossAmount());
        assertNotNull(metadata.currency());
    }

    @Test
    void anAttachmentIsNoticed() {
        InvoiceInspection with = inspect(InvoiceSamples.fa3WithAttachment(NIP, "FV/Z"), fa3);
        assertEquals(java.util.List.of(), with.problems());
        assertTrue(with.hasAttachment());
        assertTrue(with.attachmentNeedsConsent());
        assertFalse(inspect(InvoiceSamples.fa3(NIP, "FV/1"), fa3).hasAttachment());
    }

    @Test
    void theOfficialFa2SampleIsValidAgainstFa2() {
        InvoiceInspection inspection = inspect(InvoiceSamples.fa2(NIP, "FV/2"), fa2);
        assertEquals(java.util.List.of(), inspection.problems());
        assertEquals("FA (2)", inspection.formSystemCode());
    }

    @Test
    void anFa2InvoiceIsNotValidAgainstFa3() {
        assertFalse(inspect(InvoiceSamples.fa2(NIP, "FV/3"), fa3).isValid());
    }

    @Test
    void aMissingRequiredElementIsReportedWithItsLine() {
        String xml = InvoiceSamples.fa3(NIP, "FV/4").replaceFirst("<P_2>[^<]*</P_2>", "");
        InvoiceInspection inspection = inspect(xml, fa3);
        assertFalse(inspection.isValid());
        assertTrue(inspection.problems().get(0).startsWith("linia "), inspection.problems().toString());
        assertTrue(inspection.problems().get(0).contains("cvc-"), inspection.problems().toString());
    }

    @Test
    void aDoctypeIsRefusedSoNoExternalEntityIsEverRead() {
        String xml = InvoiceSamples.fa3(NIP, "FV/5").replaceFirst("<Faktura",
                "<!DOCTYPE Faktura [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n<Faktura")
                .replace("<SystemInfo>Generator danych</SystemInfo>", "<SystemInfo>&xxe;</SystemInfo>");
        InvoiceInspection inspection = inspect(xml, fa3);
        assertFalse(inspection.isValid());
        assertTrue(inspection.problems().get(0).startsWith("Nieprawidłowy XML"), inspection.problems().toString());
        assertTrue(inspection.problems().get(0).contains("DOCTYPE"), inspection.problems().toString());
    }

    @Test
    void aByteOrderMarkIsRefused() {
        byte[] xml = InvoiceSamples.fa3(NIP, "FV/6").getBytes(StandardCharsets.UTF_8);
        byte[] withBom = new byte[xml.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(xml, 0, withBom, 3, xml.length);
        InvoiceInspection inspection = inspector.inspect(withBom, fa3);
        assertEquals(java.util.List.of("Faktura musi być zakodowana w UTF-8 bez znacznika BOM."),
                inspection.problems());
    }

    @Test
    void aProcessingInstructionIsRefused() {
        String xml = InvoiceSamples.fa3(NIP, "FV/7").replaceFirst("<Faktura",
                "<?xml-stylesheet href=\"x.xsl\"?>\n<Faktura");
        InvoiceInspection inspection = inspect(xml, fa3);
        assertFalse(inspection.isValid());
        assertTrue(inspection.problems().get(0).contains("instrukcji przetwarzania"), inspection.problems()
                .toString());
    }

    @Test
    void anotherDeclaredEncodingIsRefused() {
        String xml = InvoiceSamples.fa3(NIP, "FV/8").replace("encoding=\"utf-8\"", "encoding=\"ISO-8859-2\"");
        InvoiceInspection inspection = inspect(xml, fa3);
        assertEquals(1, inspection.problems().size());
        assertTrue(inspection.problems().get(0).contains("ISO-8859-2"));
    }

    @Test
    void bytesThatAreNotUtf8AreRefused() {
        byte[] xml = InvoiceSamples.fa3(NIP, "FV/9").getBytes(StandardCharsets.UTF_8);
        int at = new String(xml, StandardCharsets.ISO_8859_1).indexOf("Generator");
        xml[at] = (byte) 0x81;
        xml[at + 1] = (byte) 0x81;
        InvoiceInspection inspection = inspector.inspect(xml, fa3);
        assertFalse(inspection.isValid());
        assertTrue(inspection.problems().get(0).contains("UTF-8"));
    }

    @Test
    void aDiscouragedUnicodeCharacterIsRefused() {
        String xml = InvoiceSamples.fa3(NIP, "FV/10").replace("Generator danych", "Generator\u0085danych\u0086");
        InvoiceInspection inspection = inspect(xml, fa3);
        assertFalse(inspection.isValid());
        assertTrue(inspection.problems().stream().anyMatch(p -> p.contains("U+0086")), inspection.problems()
                .toString());
    }

    @Test
    void textThatIsNotXmlIsRefused() {
        InvoiceInspection inspection = inspect("this is not xml", fa3);
        assertFalse(inspection.isValid());
        assertTrue(inspection.problems().get(0).startsWith("Nieprawidłowy XML"));
    }

    @Test
    void manyErrorsAreCutToTheConfiguredNumber() {
        InvoiceXmlInspector strict = new InvoiceXmlInspector(3);
        String xml = InvoiceSamples.fa3(NIP, "FV/11").replaceAll("<P_11>", "<P_11>x").replaceAll("<P_9A>", "<P_9A>y");
        InvoiceInspection inspection = strict.inspect(xml.getBytes(StandardCharsets.UTF_8), fa3);
        assertEquals(3, inspection.problems().size());
    }

    @Test
    void occurrenceLimitsTakenOutOfTheCompiledSchemaAreStillEnforced() {
        assertEquals(10000, fa3.occurrenceLimits().get("FaWiersz"));
        InvoiceSchema tight = new InvoiceSchema(fa3.schema(), java.util.Map.of("FaWiersz", 5));
        InvoiceInspection inspection = inspect(InvoiceSamples.fa3(NIP, "FV/13"), tight);
        assertEquals(1, inspection.problems().size(), inspection.problems().toString());
        assertTrue(inspection.problems().get(0).contains("'FaWiersz' występuje więcej niż 5 razy"));
        assertTrue(inspect(InvoiceSamples.fa3(NIP, "FV/14"), new InvoiceSchema(fa3.schema(),
                java.util.Map.of("FaWiersz", 6))).isValid());
    }

    @Test
    void largeMaxOccursAreRelaxedInTheSchemaTextAndRemembered() {
        java.util.Map<String, Integer> limits = new java.util.HashMap<>();
        String relaxed = InvoiceSchemas.relaxLargeOccurrenceLimits("<xsd:element name=\"A\" maxOccurs=\"10000\">"
                + "<xsd:element name=\"B\" type=\"x\" minOccurs=\"0\" maxOccurs=\"100\"/>", limits);
        assertEquals("<xsd:element name=\"A\" maxOccurs=\"unbounded\">"
                + "<xsd:element name=\"B\" type=\"x\" minOccurs=\"0\" maxOccurs=\"100\"/>", relaxed);
        assertEquals(java.util.Map.of("A", 10000), limits);
    }

    @Test
    void validationIsFastOnceTheSchemaIsCompiled() {
        byte[] xml = InvoiceSamples.fa3(NIP, "FV/12").getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < 200; i++) {
            inspector.inspect(xml, fa3);
        }
        long start = System.nanoTime();
        int rounds = 500;
        for (int i = 0; i < rounds; i++) {
            assertTrue(inspector.inspect(xml, fa3).isValid());
        }
        double perInvoiceMillis = (System.nanoTime() - start) / 1e6 / rounds;
        System.out.printf("XSD validation of a %d-byte FA(3) invoice: %.3f ms%n", xml.length, perInvoiceMillis);
        assertTrue(perInvoiceMillis < 10, "validation took " + perInvoiceMillis + " ms");
    }

    private InvoiceInspection inspect(String xml, InvoiceSchema schema) {
        return inspector.inspect(xml.getBytes(StandardCharsets.UTF_8), schema);
    }
}

package pl.ksefhub.invoice.processing;

import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.store.InvoiceStatus;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoiceRulesTest {

    private static final String NIP = "5265877635";
    private static final String[] FA3 = {"FA (3)", "1-0E", "FA"};
    private static final LocalDate TODAY = LocalDate.of(2026, 11, 24);

    @Test
    void aValidInvoiceOfTheContextsSellerIsAccepted() {
        assertTrue(decide(inspection(NIP, "2026-11-24"), new HashMap<>()).isAccepted());
    }

    @Test
    void anUndecryptableInvoiceIs435() {
        Verdict verdict = InvoiceRules.decide(
                new InvoiceRules.Candidate(true, null, true),
                new InvoiceRules.Terms(FA3, "Nip", NIP, false, false), TODAY, Map.of());
        assertEquals(InvoiceStatus.DECRYPTION_FAILED, verdict.status());
    }

    @Test
    void aSessionFormCodeWithoutSchemaIs450() {
        Verdict verdict = InvoiceRules.decide(
                new InvoiceRules.Candidate(false, null, false),
                new InvoiceRules.Terms(new String[]{"PEF (3)", "2-1", "PEF"}, "Nip", NIP, false, false), TODAY,
                Map.of());
        assertEquals(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, verdict.status());
        assertTrue(verdict.details().get(0).contains("PEF (3) 2-1 PEF"));
    }

    @Test
    void schemaProblemsAre450WithTheProblemsAsDetails() {
        InvoiceInspection invalid = new InvoiceInspection(List.of("linia 1: cvc-x", "linia 2: cvc-y"), "FA (3)", "1-0E",
                "FA", NIP, null, "FV/1", "2026-11-24", "VAT", false);
        Verdict verdict = decide(invalid, Map.of());
        assertEquals(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, verdict.status());
        assertEquals(invalid.problems(), verdict.details());
    }

    @Test
    void anotherFormCodeThanTheSessionsIs450BeforeSchemaProblems() {
        InvoiceInspection fa2 = new InvoiceInspection(List.of("linia 1: cvc-elt.1.a"), "FA (2)", "1-0E", "FA", NIP,
                null, "FV/1", "2026-11-24", "VAT", false);
        Verdict verdict = decide(fa2, Map.of());
        assertEquals(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, verdict.status());
        assertEquals("Kod formularza faktury (FA (2) 1-0E FA) nie jest zgodny z kodem formularza sesji"
                + " (FA (3) 1-0E FA).", verdict.details().get(0));
    }

    @Test
    void anotherSellerThanTheContextIs410() {
        assertEquals(InvoiceStatus.WRONG_PERMISSIONS, decide(inspection("1111111111", "2026-11-24"), Map.of())
                .status());
    }

    @Test
    void anotherSellerWhoAuthorizedTheContextIsNoWrongPermission() {
        Verdict verdict = InvoiceRules.decide(
                new InvoiceRules.Candidate(false, inspection("1111111111", "2026-11-24"), true),
                new InvoiceRules.Terms(FA3, "Nip", NIP, false, true), TODAY, new HashMap<>());
        assertTrue(verdict.isAccepted());
    }

    @Test
    void anInternalIdContextIssuesAsItsNip() {
        Verdict verdict = InvoiceRules.decide(
                new InvoiceRules.Candidate(false, inspection(NIP, "2026-11-24"), true),
                new InvoiceRules.Terms(FA3, "InternalId", NIP + "-12345", false, false), TODAY, new HashMap<>());
        assertTrue(verdict.isAccepted());
        assertEquals(InvoiceStatus.WRONG_PERMISSIONS, InvoiceRules.decide(
                new InvoiceRules.Candidate(false, inspection(NIP, "2026-11-24"), true),
                new InvoiceRules.Terms(FA3, "PeppolId", "PPL123", false, false), TODAY, Map.of()).status());
    }

    @Test
    void anIssueDateAfterTheAcceptanceDayIs450() {
        Verdict verdict = decide(inspection(NIP, "2026-11-25"), Map.of());
        assertEquals(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, verdict.status());
        assertTrue(verdict.details().get(0).startsWith("Data wystawienia faktury (P_1) 2026-11-25"));
    }

    @Test
    void anAlreadyAcceptedKeyIs440WithTheOriginalInDetailsAndExtensions() {
        Map<InvoiceRules.BusinessKey, InvoiceRules.Original> originals = Map.of(
                new InvoiceRules.BusinessKey(NIP, "VAT", "FV/1"),
                new InvoiceRules.Original("5265877635-20250626-010080DD2B5E-26", "20250626-SO-2F14610000-242991F8C9-B4"));
        Verdict verdict = decide(inspection(NIP, "2026-11-24"), originals);
        assertEquals(InvoiceStatus.DUPLICATE, verdict.status());
        assertEquals(List.of("Duplikat faktury. Faktura o numerze KSeF: 5265877635-20250626-010080DD2B5E-26 została"
                + " już prawidłowo przesłana do systemu w sesji: 20250626-SO-2F14610000-242991F8C9-B4"),
                verdict.details());
        assertEquals(Map.of("originalSessionReferenceNumber", "20250626-SO-2F14610000-242991F8C9-B4",
                "originalKsefNumber", "5265877635-20250626-010080DD2B5E-26"), verdict.extensions());
    }

    @Test
    void theSameNumberOfAnotherInvoiceTypeIsNoDuplicate() {
        Map<InvoiceRules.BusinessKey, InvoiceRules.Original> originals = Map.of(
                new InvoiceRules.BusinessKey(NIP, "KOR", "FV/1"), new InvoiceRules.Original("n", "s"));
        assertTrue(decide(inspection(NIP, "2026-11-24"), originals).isAccepted());
    }

    private static Verdict decide(InvoiceInspection inspection, Map<InvoiceRules.BusinessKey,
            InvoiceRules.Original> originals) {
        return InvoiceRules.decide(
                new InvoiceRules.Candidate(false, inspection, true),
                new InvoiceRules.Terms(FA3, "Nip", NIP, false, false), TODAY, originals);
    }

    @Test
    void anInvoiceWithAttachmentIs415WhereTheSessionTakesNone() {
        InvoiceInspection withAttachment = new InvoiceInspection(List.of(), "FA (3)", "1-0E", "FA", NIP,
                "3861610227", "FV/Z/1", "2026-11-24", "VAT", true);
        Verdict refused = InvoiceRules.decide(
                new InvoiceRules.Candidate(false, withAttachment, true),
                new InvoiceRules.Terms(FA3, "Nip", NIP, false, false), TODAY, Map.of());
        assertEquals(InvoiceStatus.ATTACHMENT_NOT_ALLOWED, refused.status());
        assertEquals(415, refused.status().code());
        assertEquals("Brak możliwości wysyłania faktury z załącznikiem", refused.status().description());
        assertTrue(InvoiceRules.decide(
                new InvoiceRules.Candidate(false, withAttachment, true),
                new InvoiceRules.Terms(FA3, "Nip", NIP, true, false), TODAY, new HashMap<>())
                .isAccepted());
        // Without an attachment the consent does not matter.
        assertTrue(decide(inspection(NIP, "2026-11-24"), new HashMap<>()).isAccepted());
    }

    private static InvoiceInspection inspection(String sellerNip, String issueDate) {
        return new InvoiceInspection(List.of(), "FA (3)", "1-0E", "FA", sellerNip, "3861610227", "FV/1", issueDate,
                "VAT", false);
    }
}

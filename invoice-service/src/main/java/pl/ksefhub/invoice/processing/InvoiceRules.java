package pl.ksefhub.invoice.processing;

import pl.ksefhub.invoice.store.InvoiceStatus;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * The business checks after the XML has been read ({@code faktury/weryfikacja-faktury.md}), in the order a client
 * would want to hear about them: file problems, form code, permissions (seller vs context), issue date, duplicate.
 */
public final class InvoiceRules {

    /** The first invoice with the same duplicate key, accepted before. */
    public record Original(String ksefNumber, String sessionReferenceNumber) {
    }

    /** The duplicate key of {@code faktury/weryfikacja-faktury.md}: seller NIP, invoice type, invoice number. */
    public record BusinessKey(String sellerNip, String invoiceType, String invoiceNumber) {
    }

    private InvoiceRules() {
    }

    /**
     * What was read of one invoice's file.
     *
     * @param decryptionFailed the ciphertext did not decrypt with the session's key
     * @param inspection       null when there was nothing to read (decryption failed, no schema)
     * @param schemaKnown      whether we have a schema for the session's form code
     */
    public record Candidate(boolean decryptionFailed, InvoiceInspection inspection, boolean schemaKnown) {
    }

    /**
     * What the invoice's session allows it to be.
     *
     * @param sessionFormCode   kodSystemowy, wersjaSchemy and value of the session's form code
     * @param contextType       the session's context type ({@code Nip}, {@code InternalId}, ...)
     * @param contextValue      the session's context identifier
     * @param attachmentAllowed whether an invoice with {@code Zalacznik} may come through this session
     * @param sellerAuthorized  the seller (Podmiot1) authorized the context to issue this invoice for it
     *                          (SelfInvoicing, RRInvoicing, TaxRepresentative, PefInvoicing: InvoicingAuthorizations),
     *                          so a seller other than the context's NIP is no wrong permission
     */
    public record Terms(String[] sessionFormCode, String contextType, String contextValue, boolean attachmentAllowed,
                        boolean sellerAuthorized) {
    }

    /**
     * @param acceptedOn today in Europe/Warsaw (the acquisition date)
     * @param originals  accepted invoices by duplicate key (including those accepted earlier in this batch)
     */
    public static Verdict decide(Candidate candidate, Terms terms, LocalDate acceptedOn,
                                 Map<BusinessKey, Original> originals) {
        boolean decryptionFailed = candidate.decryptionFailed();
        InvoiceInspection inspection = candidate.inspection();
        String[] sessionFormCode = terms.sessionFormCode();
        String contextType = terms.contextType();
        String contextValue = terms.contextValue();
        if (decryptionFailed) {
            return Verdict.rejected(InvoiceStatus.DECRYPTION_FAILED,
                    "Nie udało się odszyfrować faktury kluczem symetrycznym sesji.");
        }
        if (!candidate.schemaKnown()) {
            return Verdict.rejected(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, "Kod formularza sesji ("
                    + String.join(" ", sessionFormCode) + ") nie jest obsługiwany przy wysyłce interaktywnej.");
        }
        if (inspection == null) {
            return Verdict.rejected(InvoiceStatus.DECRYPTION_FAILED, "Brak odszyfrowanej treści faktury.");
        }
        if (inspection.formSystemCode() != null && !(inspection.formSystemCode().equals(sessionFormCode[0])
                && sessionFormCode[1].equals(inspection.formSchemaVersion())
                && sessionFormCode[2].equals(inspection.formValue()))) {
            return Verdict.rejected(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, "Kod formularza faktury ("
                    + inspection.formSystemCode() + " " + inspection.formSchemaVersion() + " "
                    + inspection.formValue() + ") nie jest zgodny z kodem formularza sesji ("
                    + String.join(" ", sessionFormCode) + ").");
        }
        if (!inspection.isValid()) {
            return Verdict.rejected(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, inspection.problems());
        }
        String contextNip = nipOf(contextType, contextValue);
        if ((contextNip == null || !contextNip.equals(inspection.sellerNip())) && !terms.sellerAuthorized()) {
            return Verdict.rejected(InvoiceStatus.WRONG_PERMISSIONS, "NIP sprzedawcy (Podmiot1) '"
                    + inspection.sellerNip() + "' nie jest zgodny z kontekstem sesji (" + contextType + " '"
                    + contextValue + "').");
        }
        if (inspection.attachmentNeedsConsent() && !terms.attachmentAllowed()) {
            return Verdict.rejected(InvoiceStatus.ATTACHMENT_NOT_ALLOWED, "Faktura z załącznikiem (Zalacznik) wymaga"
                    + " zgody podmiotu na wysyłanie faktur z załącznikami, a w sesji interaktywnej jest dozwolona"
                    + " tylko jako korekta techniczna faktury offline; pozostałe wysyła się w sesji wsadowej.");
        }
        LocalDate issueDate;
        try {
            issueDate = LocalDate.parse(inspection.issueDate());
        } catch (DateTimeParseException | NullPointerException e) {
            return Verdict.rejected(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED,
                    "Nieprawidłowa data wystawienia faktury (P_1).");
        }
        if (issueDate.isAfter(acceptedOn)) {
            return Verdict.rejected(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED, "Data wystawienia faktury (P_1) "
                    + issueDate + " nie może być późniejsza niż data przyjęcia dokumentu do systemu KSeF ("
                    + acceptedOn + ").");
        }
        Original original = originals.get(keyOf(inspection));
        if (original != null) {
            return new Verdict(InvoiceStatus.DUPLICATE, List.of("Duplikat faktury. Faktura o numerze KSeF: "
                    + original.ksefNumber() + " została już prawidłowo przesłana do systemu w sesji: "
                    + original.sessionReferenceNumber()),
                    Map.of("originalSessionReferenceNumber", original.sessionReferenceNumber(),
                            "originalKsefNumber", original.ksefNumber()));
        }
        return Verdict.accepted();
    }

    public static BusinessKey keyOf(InvoiceInspection inspection) {
        return new BusinessKey(inspection.sellerNip(), inspection.invoiceType(), inspection.invoiceNumber());
    }

    /** The NIP a context issues invoices as: the NIP itself, or the NIP part of an InternalId / NipVatUe. */
    public static String nipOf(String contextType, String contextValue) {
        if (contextValue == null) {
            return null;
        }
        return switch (contextType) {
            case "Nip" -> contextValue;
            case "InternalId", "NipVatUe" -> contextValue.length() >= 10 ? contextValue.substring(0, 10) : null;
            default -> null;
        };
    }
}

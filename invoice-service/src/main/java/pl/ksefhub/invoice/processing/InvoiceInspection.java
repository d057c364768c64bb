package pl.ksefhub.invoice.processing;

import java.util.List;

/**
 * What reading an invoice XML found: the problems (empty when the document is well-formed, acceptable as XML and
 * valid against the schema) and the fields processing needs.
 *
 * @param formSystemCode    {@code Naglowek/KodFormularza/@kodSystemowy}, e.g. {@code FA (3)}
 * @param formSchemaVersion {@code Naglowek/KodFormularza/@wersjaSchemy}
 * @param formValue         {@code Naglowek/KodFormularza} text, e.g. {@code FA}
 * @param sellerNip         {@code Podmiot1/DaneIdentyfikacyjne/NIP}
 * @param buyerNip          {@code Podmiot2/DaneIdentyfikacyjne/NIP} (absent for foreign buyers)
 * @param invoiceNumber     {@code Fa/P_2}
 * @param issueDate         {@code Fa/P_1} as written
 * @param invoiceType       {@code Fa/RodzajFaktury}
 * @param hasAttachment     whether the invoice carries an attachment: {@code Zalacznik} (FA (3)), or a UBL
 *                          {@code AdditionalDocumentReference/Attachment} (PEF)
 * @param metadata          the rest of what {@code InvoiceMetadata} shows (names, identifiers, amounts, ...)
 */
public record InvoiceInspection(List<String> problems, String formSystemCode, String formSchemaVersion,
                                String formValue, String sellerNip, String buyerNip, String invoiceNumber,
                                String issueDate, String invoiceType, boolean hasAttachment,
                                InvoiceMetadataFields metadata) {

    public InvoiceInspection(List<String> problems, String formSystemCode, String formSchemaVersion,
                             String formValue, String sellerNip, String buyerNip, String invoiceNumber,
                             String issueDate, String invoiceType, boolean hasAttachment) {
        this(problems, formSystemCode, formSchemaVersion, formValue, sellerNip, buyerNip, invoiceNumber, issueDate,
                invoiceType, hasAttachment, InvoiceMetadataFields.NONE);
    }

    /**
     * Whether the attachment consent governs this invoice (status 415). The consent and the batch-only rule of
     * {@code faktury/weryfikacja-faktury.md} are about FA's {@code Zalacznik}; a PEF invoice (no
     * {@code KodFormularza}) carries its attachments inside the Peppol document that its provider sends online, and
     * KSeF accepts it so (the official SDK's QueryInvoice scenario sends one online and filters on hasAttachment).
     */
    public boolean attachmentNeedsConsent() {
        return hasAttachment && formSystemCode != null;
    }

    public boolean isValid() {
        return problems.isEmpty();
    }

    static InvoiceInspection rejected(String problem) {
        return new InvoiceInspection(List.of(problem), null, null, null, null, null, null, null, null, false);
    }
}

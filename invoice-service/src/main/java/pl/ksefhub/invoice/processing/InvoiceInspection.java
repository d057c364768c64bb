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
 * @param hasAttachment     whether the invoice carries {@code Zalacznik} (FA (3))
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

    public boolean isValid() {
        return problems.isEmpty();
    }

    static InvoiceInspection rejected(String problem) {
        return new InvoiceInspection(List.of(problem), null, null, null, null, null, null, null, null, false);
    }
}

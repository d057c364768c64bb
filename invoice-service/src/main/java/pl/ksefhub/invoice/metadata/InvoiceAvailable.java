package pl.ksefhub.invoice.metadata;

import pl.ksefhub.invoice.session.FormCode;
import pl.ksefhub.platform.identifiers.ContextIdentifier;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code ksef.invoice.available.v1}: a context may now read an accepted invoice (GET /invoices/ksef/{n}, the
 * metadata query), published once per context in the accepting transaction, so that a buyer's system learns of a
 * purchase invoice without polling. {@code subjectTypes}: as which subjects the context reads it (Subject1,
 * Subject2, Subject3, SubjectAuthorized).
 */
public record InvoiceAvailable(String referenceNumber, String invoiceReferenceNumber, String ksefNumber,
                               ContextIdentifier context, List<String> subjectTypes, String sellerNip,
                               String invoiceNumber, LocalDate issueDate, OffsetDateTime permanentStorageDate,
                               String invoiceHash, FormCode formCode) {

    public static final String TYPE = "ksef.invoice.available.v1";
}

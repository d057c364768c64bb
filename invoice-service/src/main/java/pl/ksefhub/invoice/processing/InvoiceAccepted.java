package pl.ksefhub.invoice.processing;

import pl.ksefhub.invoice.session.Authentication;
import pl.ksefhub.invoice.session.FormCode;
import pl.ksefhub.platform.identifiers.ContextIdentifier;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * {@code ksef.invoice.accepted.v1}: the invoice got its KSeF number. {@code correlationId} and {@code invoiceXml}
 * (the exact accepted XML) are set for upstream submissions only.
 */
public record InvoiceAccepted(String referenceNumber, String invoiceReferenceNumber, int ordinalNumber,
                              long invoiceId, String ksefNumber, ContextIdentifier context, String sellerNip,
                              String invoiceNumber, LocalDate issueDate, OffsetDateTime invoicingDate,
                              OffsetDateTime acquisitionDate, String invoiceHash, String invoicingMode,
                              FormCode formCode, Authentication authentication, String correlationId,
                              String invoiceXml) {

    public static final String TYPE = "ksef.invoice.accepted.v1";
}

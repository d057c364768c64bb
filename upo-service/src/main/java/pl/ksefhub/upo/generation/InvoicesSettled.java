package pl.ksefhub.upo.generation;

import java.time.OffsetDateTime;

/**
 * {@code ksef.session.invoices-settled.v1}: every invoice of a closed session is final. It follows all of the
 * session's {@code invoice.accepted} on the same partition, so the projection is complete when it arrives.
 */
public record InvoicesSettled(String referenceNumber,
                              Integer totalInvoiceCount,
                              Integer successfulInvoiceCount,
                              Integer failedInvoiceCount,
                              OffsetDateTime settledAt) {
}

package pl.ksefhub.invoice.settlement;

import java.time.OffsetDateTime;

/**
 * {@code ksef.session.invoices-settled.v1}: the session is closed and every invoice of it is final. Published once,
 * after every {@code invoice.accepted}/{@code invoice.rejected} of the session (same key, later outbox row).
 */
public record SessionInvoicesSettled(String referenceNumber, int totalInvoiceCount, int successfulInvoiceCount,
                                     int failedInvoiceCount, OffsetDateTime settledAt) {

    public static final String TYPE = "ksef.session.invoices-settled.v1";
}

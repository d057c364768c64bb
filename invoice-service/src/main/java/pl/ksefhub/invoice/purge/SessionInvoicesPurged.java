package pl.ksefhub.invoice.purge;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code ksef.session.invoices-purged.v1}: invoice-service deleted every row of the session being deleted. Published
 * after every other event of the session (same key, later outbox row), so a reader of {@code ksef.invoice.events}
 * that sees it has seen all of them and will see none later.
 *
 * @param invoiceCount how many invoices (any status) went
 * @param invoiceIds   the numeric ids ({@code invoiceId} of {@code invoice.accepted}) of the accepted ones that went,
 *                     for projections keyed by them (recurring-service's sale documents)
 */
public record SessionInvoicesPurged(String referenceNumber, int invoiceCount, List<Long> invoiceIds,
                                    OffsetDateTime purgedAt) {

    public static final String TYPE = "ksef.session.invoices-purged.v1";
}

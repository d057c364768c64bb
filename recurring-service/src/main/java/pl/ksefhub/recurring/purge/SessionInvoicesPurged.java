package pl.ksefhub.recurring.purge;

import java.util.List;

/**
 * The fields of {@code ksef.session.invoices-purged.v1} read here: invoice-service deleted the session's invoices.
 * It follows every {@code invoice.accepted} of the session on the same partition, so once it is read no sale
 * document of the session can arrive any more.
 */
public record SessionInvoicesPurged(String referenceNumber, List<Long> invoiceIds) {

    public static final String TYPE = "ksef.session.invoices-purged.v1";
    /** The end of the deletion ({@code ksef.session.events}): every service purged, the session is gone. */
    public static final String SESSION_DELETED = "ksef.session.deleted.v1";
}

package pl.ksefhub.recurring.purge;

import java.time.OffsetDateTime;

/**
 * {@code ksef.session.sale-documents-purged.v1} on {@code ksef.recurring.events} (key = the session reference
 * number): recurring-service deleted what it held of the invoices of a session being deleted.
 *
 * @param saleDocumentCount         sale documents (accepted invoices of the session) that went
 * @param recurringDocumentCount    recurring documents that repeated one of them and went with it (test mode only:
 *                                  outside it a session with accepted invoices cannot be deleted)
 * @param clearedOccurrenceCount    occurrences that had issued an invoice of the session and no longer name it
 */
public record SessionSaleDocumentsPurged(String referenceNumber, int saleDocumentCount, int recurringDocumentCount,
                                         int clearedOccurrenceCount, OffsetDateTime purgedAt) {

    public static final String TOPIC = "ksef.recurring.events";
    public static final String TYPE = "ksef.session.sale-documents-purged.v1";
}

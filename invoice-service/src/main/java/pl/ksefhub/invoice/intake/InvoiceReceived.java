package pl.ksefhub.invoice.intake;

import java.time.OffsetDateTime;

/** {@code ksef.invoice.received.v1}: the invoice was accepted for processing (202). */
public record InvoiceReceived(String referenceNumber, String invoiceReferenceNumber, int ordinalNumber,
                              OffsetDateTime receivedAt) {

    public static final String TYPE = "ksef.invoice.received.v1";
}

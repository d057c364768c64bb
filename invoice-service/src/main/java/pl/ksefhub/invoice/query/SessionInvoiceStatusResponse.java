package pl.ksefhub.invoice.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;

/** The spec's {@code SessionInvoiceStatusResponse}; absent values are omitted, as in the spec's examples. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionInvoiceStatusResponse(int ordinalNumber, String invoiceNumber, String ksefNumber,
                                           String referenceNumber, String invoiceHash, String invoiceFileName,
                                           OffsetDateTime acquisitionDate, OffsetDateTime invoicingDate,
                                           OffsetDateTime permanentStorageDate, String upoDownloadUrl,
                                           OffsetDateTime upoDownloadUrlExpirationDate, String invoicingMode,
                                           InvoiceStatusInfo status) {
}

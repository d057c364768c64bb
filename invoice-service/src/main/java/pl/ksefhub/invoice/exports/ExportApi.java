package pl.ksefhub.invoice.exports;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import pl.ksefhub.invoice.metadata.InvoiceQueryFilters;

import java.time.OffsetDateTime;
import java.util.List;

/** The request and response bodies of /invoices/exports, as the spec names them. */
final class ExportApi {

    private ExportApi() {
    }

    /** {@code InvoiceExportRequest}. */
    record InvoiceExportRequest(EncryptionInfo encryption, Boolean onlyMetadata, InvoiceQueryFilters filters,
                                String compressionType) {
    }

    /** {@code EncryptionInfo}: the AES-256 key wrapped with our SymmetricKeyEncryption certificate, and the IV. */
    record EncryptionInfo(String encryptedSymmetricKey, String initializationVector, String publicKeyId) {
    }

    /** {@code ExportInvoicesResponse}. */
    record ExportInvoicesResponse(String referenceNumber) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    record StatusInfo(int code, String description, List<String> details) {
    }

    /** {@code InvoiceExportStatusResponse}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InvoiceExportStatusResponse(StatusInfo status, OffsetDateTime completedDate,
                                       OffsetDateTime packageExpirationDate,
                                       @JsonProperty("package") InvoicePackage invoicePackage) {
    }

    /**
     * {@code InvoicePackage}. The spec types {@code lastIssueDate} as a date, but the official Java SDK (3.0.24),
     * written against the Ministry's system, reads it as a date-time and fails on a bare date, so the Ministry's
     * system evidently sends a date-time: it goes out as the issue day's midnight in UTC.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record InvoicePackage(long invoiceCount, long size, List<InvoicePackagePart> parts,
                          @JsonProperty("isTruncated") boolean isTruncated, OffsetDateTime lastIssueDate,
                          OffsetDateTime lastInvoicingDate, OffsetDateTime lastPermanentStorageDate,
                          OffsetDateTime permanentStorageHwmDate) {
    }

    /** {@code InvoicePackagePart}. */
    record InvoicePackagePart(int ordinalNumber, String partName, String method, String url, long partSize,
                              String partHash, long encryptedPartSize, String encryptedPartHash,
                              OffsetDateTime expirationDate) {
    }
}

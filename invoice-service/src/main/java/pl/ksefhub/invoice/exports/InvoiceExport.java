package pl.ksefhub.invoice.exports;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** An export as requested, its status and, once done, its package (the parts are {@code invoice_export_part}). */
@Entity
@Table(name = "invoice_export")
public class InvoiceExport extends PanacheEntityBase {

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;

    @Column(name = "context_type")
    public String contextType;

    @Column(name = "context_value")
    public String contextValue;

    /** The request's InvoiceQueryFilters, JSON. */
    @Column(name = "filters")
    public String filters;

    @Column(name = "only_metadata")
    public boolean onlyMetadata;

    /** The request's {@code compressionType}: Zip or TarGz. */
    @Column(name = "compression_type")
    public String compressionType;

    @Column(name = "encrypted_symmetric_key")
    public String encryptedSymmetricKey;

    @Column(name = "initialization_vector")
    public String initializationVector;

    @Column(name = "range_to")
    public OffsetDateTime rangeTo;

    @Column(name = "permanent_storage_hwm_date")
    public OffsetDateTime permanentStorageHwmDate;

    @Column(name = "status_code")
    public int statusCode;

    @Column(name = "status_description")
    public String statusDescription;

    /** JSON array of strings, or null. */
    @Column(name = "status_details")
    public String statusDetails;

    @Column(name = "created_at")
    public OffsetDateTime createdAt;

    @Column(name = "claimed_at")
    public OffsetDateTime claimedAt;

    @Column(name = "completed_at")
    public OffsetDateTime completedAt;

    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;

    @Column(name = "invoice_count")
    public Integer invoiceCount;

    @Column(name = "package_size")
    public Long packageSize;

    @Column(name = "truncated")
    public Boolean truncated;

    @Column(name = "last_issue_date")
    public LocalDate lastIssueDate;

    @Column(name = "last_invoicing_date")
    public OffsetDateTime lastInvoicingDate;

    @Column(name = "last_permanent_storage_date")
    public OffsetDateTime lastPermanentStorageDate;
}

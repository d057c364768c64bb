package pl.ksefhub.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.OffsetDateTime;

/** An invoice sent in a session: its declared metadata, its processing status and, once accepted, its KSeF data. */
@Entity
@Table(name = "invoice")
public class Invoice extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;

    @Column(name = "reference_number")
    public String referenceNumber;

    @Column(name = "session_reference_number")
    public String sessionReferenceNumber;

    @Column(name = "ordinal_number")
    public int ordinalNumber;

    @Column(name = "invoice_hash")
    public String invoiceHash;

    @Column(name = "invoice_size")
    public long invoiceSize;

    @Column(name = "encrypted_invoice_hash")
    public String encryptedInvoiceHash;

    @Column(name = "encrypted_invoice_size")
    public long encryptedInvoiceSize;

    @Column(name = "offline_mode")
    public boolean offlineMode;

    @Column(name = "hash_of_corrected_invoice")
    public String hashOfCorrectedInvoice;

    @Column(name = "decryption_failed")
    public boolean decryptionFailed;

    @Column(name = "invoicing_date")
    public OffsetDateTime invoicingDate;

    @Column(name = "status_code")
    public int statusCode;

    @Column(name = "status_description")
    public String statusDescription;

    /** JSON array of strings, or null. */
    @Column(name = "status_details")
    public String statusDetails;

    /** JSON object of strings, or null. */
    @Column(name = "status_extensions")
    public String statusExtensions;

    @Column(name = "seller_nip")
    public String sellerNip;

    @Column(name = "buyer_nip")
    public String buyerNip;

    @Column(name = "invoice_type")
    public String invoiceType;

    @Column(name = "invoice_number")
    public String invoiceNumber;

    @Column(name = "issue_date")
    public LocalDate issueDate;

    @Column(name = "invoicing_mode")
    public String invoicingMode;

    @Column(name = "invoice_id")
    public Long invoiceId;

    @Column(name = "ksef_number")
    public String ksefNumber;

    @Column(name = "acquisition_date")
    public OffsetDateTime acquisitionDate;

    @Column(name = "upo_download_url")
    public String upoDownloadUrl;

    @Column(name = "upo_download_url_expiration")
    public OffsetDateTime upoDownloadUrlExpiration;

    /** The upstream sender's id of a submission (null for invoices sent over HTTP). */
    @Column(name = "correlation_id")
    public String correlationId;

    /** Batch sessions: the archive's file this invoice came from. */
    @Column(name = "invoice_file_name")
    public String invoiceFileName;

    /** False for an invoice accepted before its metadata was stored (MetadataBackfill reads its XML again). */
    @Column(name = "metadata_read")
    public boolean metadataRead;

    @Column(name = "seller_name")
    public String sellerName;

    /** {@code BuyerIdentifierType}: Nip, VatUe, Other, None. */
    @Column(name = "buyer_identifier_type")
    public String buyerIdentifierType;

    @Column(name = "buyer_identifier_value")
    public String buyerIdentifierValue;

    @Column(name = "buyer_name")
    public String buyerName;

    @Column(name = "currency")
    public String currency;

    @Column(name = "net_amount")
    public BigDecimal netAmount;

    /** In PLN. */
    @Column(name = "vat_amount")
    public BigDecimal vatAmount;

    @Column(name = "gross_amount")
    public BigDecimal grossAmount;

    @Column(name = "self_invoicing")
    public boolean selfInvoicing;

    @Column(name = "has_attachment")
    public boolean hasAttachment;

    @Column(name = "form_system_code")
    public String formSystemCode;

    @Column(name = "form_schema_version")
    public String formSchemaVersion;

    @Column(name = "form_value")
    public String formValue;

    @Column(name = "authorized_nip")
    public String authorizedNip;

    @Column(name = "authorized_name")
    public String authorizedName;

    @Column(name = "authorized_role")
    public Integer authorizedRole;

    /** Equal to {@link #acquisitionDate}: stamped under storage_mark's lock (the HWM, V5 migration). */
    @Column(name = "permanent_storage_date")
    public OffsetDateTime permanentStorageDate;

    /** The W3C traceparent of the send that received it, continued by the worker's span (V10); null untraced. */
    @Column(name = "traceparent")
    public String traceparent;

    public boolean isFinal() {
        return statusCode != InvoiceStatus.RECEIVED.code() && statusCode != InvoiceStatus.PROCESSING.code();
    }

    public void setStatus(InvoiceStatus status) {
        statusCode = status.code();
        statusDescription = status.description();
    }
}

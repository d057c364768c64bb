package pl.ksefhub.invoice.session;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * What this service knows of a session opened in session-service (projection of {@code session.opened} and
 * {@code session.closed}): enough to accept, decrypt, attribute and settle its invoices.
 */
@Entity
@Table(name = "invoicing_session")
public class InvoicingSession extends PanacheEntityBase {

    /** The type of the sessions that session-service opens for upstream submissions. */
    public static final String EVENT = "event";
    public static final String BATCH = "batch";

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;

    @Column(name = "session_type")
    public String sessionType;

    @Column(name = "context_type")
    public String contextType;

    @Column(name = "context_value")
    public String contextValue;

    @Column(name = "form_system_code")
    public String formSystemCode;

    @Column(name = "form_schema_version")
    public String formSchemaVersion;

    @Column(name = "form_value")
    public String formValue;

    @Column(name = "encrypted_symmetric_key")
    public String encryptedSymmetricKey;

    @Column(name = "initialization_vector")
    public String initializationVector;

    @Column(name = "key_valid")
    public boolean keyValid;

    @Column(name = "auth_reference_number")
    public String authReferenceNumber;

    @Column(name = "ksef_token_reference_number")
    public String ksefTokenReferenceNumber;

    @Column(name = "auth_document_hash")
    public String authDocumentHash;

    /** Batch sessions: size and Base64 SHA-256 of the whole unencrypted archive, as declared. */
    @Column(name = "batch_file_size")
    public Long batchFileSize;

    @Column(name = "batch_file_hash")
    public String batchFileHash;

    /** Batch sessions: {@code Zip} or {@code TarGz}. */
    @Column(name = "compression_type")
    public String compressionType;

    @Column(name = "offline_mode")
    public boolean offlineMode;

    /** Batch sessions: parts are taken until then. */
    @Column(name = "upload_deadline")
    public OffsetDateTime uploadDeadline;

    /** Batch sessions: see {@code V4__batch_packages.sql} for the states; null otherwise. */
    @Column(name = "package_state")
    public String packageState;

    @Column(name = "invoice_limit")
    public int invoiceLimit;

    /** Largest invoice in bytes, from the context's limits; null: the service's configured default. */
    @Column(name = "max_invoice_size")
    public Long maxInvoiceSize;

    /** Largest invoice with attachments in bytes; null: the service's configured default. */
    @Column(name = "max_invoice_with_attachment_size")
    public Long maxInvoiceWithAttachmentSize;

    /** Whether the context may send invoices with attachments ({@code /testdata/attachment}); null: not told. */
    @Column(name = "attachments_allowed")
    public Boolean attachmentsAllowed;

    @Column(name = "invoice_count")
    public int invoiceCount;

    @Column(name = "opened_at")
    public OffsetDateTime openedAt;

    @Column(name = "valid_until")
    public OffsetDateTime validUntil;

    @Column(name = "closed_at")
    public OffsetDateTime closedAt;

    @Column(name = "close_reason")
    public String closeReason;

    @Column(name = "settled_at")
    public OffsetDateTime settledAt;

    public boolean isEventSession() {
        return EVENT.equals(sessionType);
    }

    /**
     * Whether an invoice with attachments ({@code Zalacznik}) may come through this session
     * ({@code faktury/weryfikacja-faktury.md}): only with the context's consent, and in an online session only as a
     * technical correction of an offline invoice (attachments otherwise go in batch). Event sessions take upstream
     * submissions like a batch does: there only an explicit refusal of the consent counts.
     */
    public boolean takesAttachment(boolean technicalCorrection) {
        if (isEventSession()) {
            return !Boolean.FALSE.equals(attachmentsAllowed);
        }
        return technicalCorrection && Boolean.TRUE.equals(attachmentsAllowed);
    }

    public boolean belongsTo(String contextType, String contextValue) {
        return this.contextType.equals(contextType) && this.contextValue.equals(contextValue);
    }

    /**
     * The session status that forbids sending, or 0 when invoices may be sent: 415 when its key could not be
     * unwrapped, 170 once closed or past {@code validUntil} (KSeF closes it automatically then).
     */
    public int statusForbiddingSend(OffsetDateTime now) {
        if (!keyValid) {
            return 415;
        }
        if (closedAt != null || !now.isBefore(validUntil)) {
            return 170;
        }
        return 0;
    }
}

package pl.ksefhub.session.status;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import pl.ksefhub.platform.auth.KsefPrincipal;

import java.time.Duration;
import java.time.OffsetDateTime;

/** A KSeF session as session-service owns it: who opened it, its state, and counters fed by invoice events. */
@Entity
@Table(name = "ksef_session")
public class KsefSession extends PanacheEntityBase {

    public static final String ONLINE = "Online";
    public static final String BATCH = "Batch";

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;
    @Column(name = "session_type")
    public String sessionType;
    @Column(name = "context_type")
    public String contextType;
    @Column(name = "context_value")
    public String contextValue;
    @Column(name = "created_by")
    public String createdBy;
    @Column(name = "auth_reference_number")
    public String authReferenceNumber;
    @Column(name = "ksef_token_reference")
    public String ksefTokenReference;
    @Column(name = "auth_document_hash")
    public String authDocumentHash;
    @Column(name = "form_system_code")
    public String formSystemCode;
    @Column(name = "form_schema_version")
    public String formSchemaVersion;
    @Column(name = "form_value")
    public String formValue;
    @Column(name = "status_code")
    public int statusCode;
    @Column(name = "status_description")
    public String statusDescription;
    /** Details as lines separated by a newline; null when none. */
    @Column(name = "status_details")
    public String statusDetails;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "closed_at")
    public OffsetDateTime closedAt;
    @Column(name = "valid_until")
    public OffsetDateTime validUntil;
    @Column(name = "invoice_count")
    public int invoiceCount;
    @Column(name = "successful_invoice_count")
    public int successfulInvoiceCount;
    @Column(name = "failed_invoice_count")
    public int failedInvoiceCount;
    /** invoice-service announced that every invoice of the closed session is final. */
    public boolean settled;
    /** JSON array of the session UPO pages, once upo-service generated them. */
    @Column(name = "upo_pages")
    public String upoPages;
    /** Batch sessions: whether the client declared its invoices as issued offline. */
    @Column(name = "offline_mode")
    public boolean offlineMode;
    /** Batch sessions: the end of the part upload window (20 minutes per declared part). */
    @Column(name = "upload_deadline")
    public OffsetDateTime uploadDeadline;

    /**
     * A session the client behind {@code principal} opens now: who and in which context (its UPO names the
     * authentication), which form code, valid for {@code validity}. The caller sets the status.
     */
    public static KsefSession openedBy(KsefPrincipal principal, String sessionType, String referenceNumber,
                                       String formSystemCode, String formSchemaVersion, String formValue,
                                       OffsetDateTime now, Duration validity) {
        KsefSession session = new KsefSession();
        session.referenceNumber = referenceNumber;
        session.sessionType = sessionType;
        session.contextType = principal.contextType();
        session.contextValue = principal.contextValue();
        session.createdBy = principal.subject();
        session.authReferenceNumber = principal.authReferenceNumber();
        session.ksefTokenReference = principal.ksefTokenReference();
        session.authDocumentHash = principal.authDocumentHash();
        session.formSystemCode = formSystemCode;
        session.formSchemaVersion = formSchemaVersion;
        session.formValue = formValue;
        session.createdAt = now;
        session.validUntil = now.plus(validity);
        return session;
    }

    public boolean isBatch() {
        return BATCH.equals(sessionType);
    }

    /** Set by {@code DELETE /sessions/{ref}}: the session is being deleted everywhere (see the deletion package). */
    @Column(name = "deletion_requested_at")
    public OffsetDateTime deletionRequestedAt;
    /** Which services confirmed that they purged their rows of the session being deleted. */
    @Column(name = "invoices_purged")
    public boolean invoicesPurged;
    @Column(name = "upos_purged")
    public boolean uposPurged;
    @Column(name = "sale_documents_purged")
    public boolean saleDocumentsPurged;

    public boolean beingDeleted() {
        return deletionRequestedAt != null;
    }

    public void setStatus(SessionStatus status, OffsetDateTime now) {
        statusCode = status.code();
        statusDescription = status.description();
        statusDetails = StatusDetails.toColumn(status.details());
        updatedAt = now;
    }

    /** The status clients read: while the session is being deleted, its final code with the deletion's text. */
    public SessionStatus status() {
        if (beingDeleted()) {
            return SessionStatus.beingDeleted(statusCode, deletionRequestedAt);
        }
        return new SessionStatus(statusCode, statusDescription,
                StatusDetails.fromColumn(statusDetails));
    }
}

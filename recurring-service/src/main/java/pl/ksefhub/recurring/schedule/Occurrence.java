package pl.ksefhub.recurring.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * One issue of a recurring document: recorded once (unique document + due time, unique correlation id) together
 * with the {@code submission.requested} that asks for the invoice, then followed to its KSeF number, UPO and e-mail.
 */
@Entity
@Table(name = "recurring_occurrence")
public class Occurrence extends PanacheEntityBase {

    public static final String REQUESTED = "requested";
    public static final String ISSUED = "issued";
    public static final String REJECTED = "rejected";
    public static final String MAIL_PENDING = "pending";
    public static final String MAIL_SENT = "sent";
    public static final String MAIL_NONE = "none";

    @Id
    public Long id;
    @Column(name = "recurring_document_id")
    public Long recurringDocumentId;
    @Column(name = "occurrence_index")
    public int occurrenceIndex;
    @Column(name = "due_at")
    public OffsetDateTime dueAt;
    @Column(name = "issue_date")
    public LocalDate issueDate;
    @Column(name = "correlation_id")
    public String correlationId;
    @Column(name = "context_type")
    public String contextType;
    @Column(name = "context_value")
    public String contextValue;
    @Column(name = "sale_document_id")
    public Long saleDocumentId;
    public String email;
    @Column(name = "email_for_confirmation")
    public String emailForConfirmation;
    public String status;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    @Column(name = "invoice_id")
    public Long invoiceId;
    @Column(name = "ksef_number")
    public String ksefNumber;
    @Column(name = "invoice_number")
    public String invoiceNumber;
    @Column(name = "issued_at")
    public OffsetDateTime issuedAt;
    @Column(name = "rejection_code")
    public Integer rejectionCode;
    @Column(name = "rejection_description")
    public String rejectionDescription;
    @Column(name = "upo_xml")
    public String upoXml;
    @Column(name = "mail_status")
    public String mailStatus;
    @Column(name = "mail_attempts")
    public int mailAttempts;
    @Column(name = "mail_error")
    public String mailError;
    @Column(name = "mail_sent_at")
    public OffsetDateTime mailSentAt;

    /** The correlation id of occurrence {@code issueDate} of a document: stable, so a retry asks for the same one. */
    public static String correlationId(long recurringDocumentId, LocalDate issueDate) {
        return "recurring-" + recurringDocumentId + "-" + issueDate;
    }
}

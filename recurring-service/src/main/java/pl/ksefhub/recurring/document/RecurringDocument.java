package pl.ksefhub.recurring.document;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import pl.ksefhub.recurring.schedule.IntervalType;
import pl.ksefhub.recurring.schedule.Schedule;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;

/** A recurring document ("faktura cykliczna"): a sale document issued again every interval. */
@Entity
@Table(name = "recurring_document")
public class RecurringDocument extends PanacheEntityBase {

    @Id
    @GeneratedValue(strategy = GenerationType.IDENTITY)
    public Long id;
    @Column(name = "context_type")
    public String contextType;
    @Column(name = "context_value")
    public String contextValue;
    @Column(name = "sale_document_id")
    public Long saleDocumentId;
    @Column(name = "sale_document_name")
    public String saleDocumentName;
    public String name;
    /** The API code ({@link IntervalType#code()}). */
    @Column(name = "interval_type")
    public String intervalType;
    @Column(name = "start_date")
    public LocalDate startDate;
    @Column(name = "hour_to_send")
    public int hourToSend;
    public boolean active;
    /** Addresses as the API shows them: each followed by a semicolon ({@code a@x.pl;b@y.pl;}). */
    public String email;
    @Column(name = "email_for_confirmation")
    public String emailForConfirmation;
    /** Index of the next occurrence the scheduler issues. */
    @Column(name = "next_occurrence")
    public int nextOccurrence;
    /** When that occurrence is due; null while the document is inactive. */
    @Column(name = "next_due_at")
    public OffsetDateTime nextDueAt;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "deleted_at")
    public OffsetDateTime deletedAt;

    public IntervalType interval() {
        return IntervalType.ofCode(intervalType).orElseThrow();
    }

    public Schedule schedule(ZoneId zone) {
        return new Schedule(startDate, interval(), hourToSend, zone);
    }
}

package pl.ksefhub.session.submission;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/**
 * The marker of a session session-service opened itself to carry submissions: its {@code ksef_session} row looks
 * like any online session to KSeF clients, this row says it is an event session and how full and idle it is.
 */
@Entity
@Table(name = "event_session")
public class EventSession extends PanacheEntityBase {

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;
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
    @Column(name = "submission_count")
    public int submissionCount;
    @Column(name = "opened_at")
    public OffsetDateTime openedAt;
    @Column(name = "last_assigned_at")
    public OffsetDateTime lastAssignedAt;
    /** False once closed (idle, full) or once its session was closed some other way (client close, expiry). */
    public boolean open;
}

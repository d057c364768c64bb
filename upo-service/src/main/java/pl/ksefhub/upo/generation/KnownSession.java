package pl.ksefhub.upo.generation;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A session announced by session-service, and its context: who may ask for its UPOs. */
@Entity
@Table(name = "upo_session")
public class KnownSession extends PanacheEntityBase {

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;

    @Column(name = "context_type")
    public String contextType;

    @Column(name = "context_value")
    public String contextValue;

    @Column(name = "opened_at")
    public OffsetDateTime openedAt;
}

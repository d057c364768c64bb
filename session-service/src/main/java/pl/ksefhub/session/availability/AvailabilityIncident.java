package pl.ksefhub.session.availability;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import pl.ksefhub.session.availability.LatarniaApi.Category;

import java.time.OffsetDateTime;

/** A failure found from the heartbeats; at most one is open (no end) at a time. */
@Entity
@Table(name = "availability_incident")
public class AvailabilityIncident extends PanacheEntityBase {

    @Id
    @Column(name = "event_id")
    public int eventId;
    @Enumerated(EnumType.STRING)
    public Category category;
    /** The failed services as the start message named them. */
    public String services;
    @Column(name = "started_at")
    public OffsetDateTime startedAt;
    @Column(name = "ended_at")
    public OffsetDateTime endedAt;
}

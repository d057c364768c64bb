package pl.ksefhub.session.batch;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A close's question to invoice-service about the parts of a package it stored, and the answer once it came. */
@Entity
@Table(name = "batch_parts_check")
public class BatchPartsCheck extends PanacheEntityBase {

    @Id
    @Column(name = "check_id")
    public String checkId;
    @Column(name = "session_reference_number")
    public String sessionReferenceNumber;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    /** Null until invoice-service answers. */
    @Column(name = "answered_at")
    public OffsetDateTime answeredAt;
    /** The lowest declared part invoice-service had not stored; null when it had them all (or has not answered). */
    @Column(name = "lowest_missing_ordinal")
    public Integer lowestMissingOrdinal;

    public boolean answered() {
        return answeredAt != null;
    }
}

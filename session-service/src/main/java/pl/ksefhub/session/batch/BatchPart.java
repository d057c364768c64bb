package pl.ksefhub.session.batch;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.IdClass;
import jakarta.persistence.Table;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.Objects;

/** A declared part of a batch package, and what invoice-service reported of its upload. */
@Entity
@Table(name = "batch_part")
@IdClass(BatchPart.Key.class)
public class BatchPart extends PanacheEntityBase {

    @Id
    @Column(name = "session_reference_number")
    public String sessionReferenceNumber;
    @Id
    @Column(name = "ordinal_number")
    public int ordinalNumber;
    @Column(name = "declared_size")
    public long declaredSize;
    @Column(name = "declared_hash")
    public String declaredHash;
    /** Null until invoice-service reports the part uploaded; a repeated upload reports the last bytes. */
    @Column(name = "uploaded_size")
    public Long uploadedSize;
    @Column(name = "uploaded_hash")
    public String uploadedHash;
    @Column(name = "uploaded_at")
    public OffsetDateTime uploadedAt;

    public boolean uploaded() {
        return uploadedAt != null;
    }

    public static class Key implements Serializable {
        public String sessionReferenceNumber;
        public int ordinalNumber;

        public Key() {
        }

        public Key(String sessionReferenceNumber, int ordinalNumber) {
            this.sessionReferenceNumber = sessionReferenceNumber;
            this.ordinalNumber = ordinalNumber;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && ordinalNumber == k.ordinalNumber
                    && Objects.equals(sessionReferenceNumber, k.sessionReferenceNumber);
        }

        @Override
        public int hashCode() {
            return Objects.hash(sessionReferenceNumber, ordinalNumber);
        }
    }
}

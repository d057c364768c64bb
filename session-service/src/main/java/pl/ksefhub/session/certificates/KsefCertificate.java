package pl.ksefhub.session.certificates;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A KSeF certificate issued by this installation ("certyfikat wewnętrzny KSeF"). */
@Entity
@Table(name = "ksef_certificate")
public class KsefCertificate extends PanacheEntityBase {

    public static final String AUTHENTICATION = "Authentication";
    public static final String OFFLINE = "Offline";
    public static final String ACTIVE = "Active";
    public static final String BLOCKED = "Blocked";
    public static final String REVOKED = "Revoked";
    public static final String EXPIRED = "Expired";

    /** 16 upper-case hex digits. */
    @Id
    @Column(name = "serial_number")
    public String serialNumber;
    /** Who enrolled it, as its login named them: {@code Nip}, {@code Pesel} or {@code Fingerprint}. */
    @Column(name = "subject_type")
    public String subjectType;
    @Column(name = "subject_value")
    public String subjectValue;
    public String name;
    /** {@link #AUTHENTICATION} or {@link #OFFLINE}. */
    public String type;
    @Column(name = "common_name")
    public String commonName;
    /** {@link #ACTIVE} or {@link #REVOKED} as stored; {@link #statusAt} adds {@link #EXPIRED}. */
    public String status;
    @Column(name = "valid_from")
    public OffsetDateTime validFrom;
    @Column(name = "valid_to")
    public OffsetDateTime validTo;
    @Column(name = "requested_at")
    public OffsetDateTime requestedAt;
    @Column(name = "last_use_date")
    public OffsetDateTime lastUseDate;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;
    @Column(name = "revocation_reason")
    public String revocationReason;
    @Column(name = "public_key_hash")
    public String publicKeyHash;
    /** Base64 DER. */
    public String certificate;

    /** The spec's status at a moment: a certificate past its validity is Expired unless it was revoked. */
    public String statusAt(OffsetDateTime now) {
        if (ACTIVE.equals(status) && !validTo.isAfter(now)) {
            return EXPIRED;
        }
        return status;
    }
}

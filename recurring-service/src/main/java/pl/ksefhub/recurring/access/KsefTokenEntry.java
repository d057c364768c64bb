package pl.ksefhub.recurring.access;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.List;

/**
 * What recurring-service knows of a KSeF token, from session-service's token events: enough to accept it as the
 * password of HTTP Basic (only its SHA-256, never the token).
 */
@Entity
@Table(name = "ksef_token")
public class KsefTokenEntry extends PanacheEntityBase {

    @Id
    @Column(name = "reference_number")
    public String referenceNumber;
    @Column(name = "context_type")
    public String contextType;
    @Column(name = "context_value")
    public String contextValue;
    @Column(name = "token_sha256")
    public String tokenSha256;
    /** Comma separated, as in the {@code per} claim. */
    public String permissions;
    @Column(name = "activated_at")
    public OffsetDateTime activatedAt;
    @Column(name = "revoked_at")
    public OffsetDateTime revokedAt;

    public List<String> permissionList() {
        return permissions == null || permissions.isBlank() ? List.of()
                : Arrays.stream(permissions.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }
}

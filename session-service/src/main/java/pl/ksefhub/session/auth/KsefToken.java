package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;
import java.util.List;

/** A KSeF token (tokeny-ksef.md): a secret bound to one context with a fixed set of permissions. */
@Entity
@Table(name = "ksef_token")
public class KsefToken extends PanacheEntityBase {

    /** Lifecycle of the spec's {@code AuthenticationTokenStatus}. */
    public enum Status { Pending, Active, Revoking, Revoked, Failed }

    /** The EC reference number; it goes into the access token ({@code ktr}) and from there into the UPO. */
    @Id
    @Column(name = "reference_number")
    public String referenceNumber;
    /** Hex SHA-256 of the whole token string; the token itself is never stored. */
    @Column(name = "secret_hash")
    public String secretHash;
    @Column(name = "context_type")
    public String contextType;
    @Column(name = "context_value")
    public String contextValue;
    @Column(name = "author_type")
    public String authorType;
    @Column(name = "author_value")
    public String authorValue;
    public String description;
    /** Comma-separated permission names. */
    public String permissions;
    @Enumerated(EnumType.STRING)
    public Status status;
    public boolean bootstrap;
    @Column(name = "created_at")
    public OffsetDateTime createdAt;
    @Column(name = "updated_at")
    public OffsetDateTime updatedAt;
    @Column(name = "last_use_date")
    public OffsetDateTime lastUseDate;

    public List<String> permissionList() {
        return Permissions.parse(permissions);
    }

    public boolean isRevoked() {
        return status == Status.Revoking || status == Status.Revoked;
    }
}

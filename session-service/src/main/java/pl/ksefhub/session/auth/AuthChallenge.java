package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;

import java.time.OffsetDateTime;

/** A challenge of {@code POST /auth/challenge} (CR reference): valid for a while, usable once. */
@Entity
@Table(name = "auth_challenge")
public class AuthChallenge extends PanacheEntityBase {

    @Id
    public String challenge;
    @Column(name = "issued_at")
    public OffsetDateTime issuedAt;
    /** The instant of {@code issuedAt} in epoch milliseconds: what the client appends to its KSeF token. */
    @Column(name = "timestamp_ms")
    public long timestampMs;
    @Column(name = "expires_at")
    public OffsetDateTime expiresAt;
    @Column(name = "client_ip")
    public String clientIp;
    @Column(name = "used_at")
    public OffsetDateTime usedAt;
}

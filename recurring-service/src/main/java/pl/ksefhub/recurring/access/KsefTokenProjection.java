package pl.ksefhub.recurring.access;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;

/**
 * Keeps {@code ksef_token} in step with {@code ksef.token.activated.v1} and {@code ksef.token.revoked.v1}. Runs
 * inside the consumer's transaction (processed-event log).
 */
@ApplicationScoped
public class KsefTokenProjection {

    private final KsefTokenRepository tokens;

    public KsefTokenProjection(KsefTokenRepository tokens) {
        this.tokens = tokens;
    }

    public Uni<Void> activated(String referenceNumber, String contextType, String contextValue, String tokenSha256,
                               List<String> permissions, OffsetDateTime activatedAt) {
        return tokens.findById(referenceNumber).chain(found -> {
            KsefTokenEntry entry = found == null ? new KsefTokenEntry() : found;
            entry.referenceNumber = referenceNumber;
            entry.contextType = contextType;
            entry.contextValue = contextValue;
            entry.tokenSha256 = tokenSha256.toLowerCase(Locale.ROOT);
            entry.permissions = permissions == null ? "" : String.join(",", permissions);
            entry.activatedAt = activatedAt == null ? OffsetDateTime.now(ZoneOffset.UTC) : activatedAt;
            return found == null ? tokens.persist(entry).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }

    /** A revocation may be the first we hear of a token: it is remembered so a late activation cannot revive it. */
    public Uni<Void> revoked(String referenceNumber, OffsetDateTime revokedAt) {
        return tokens.findById(referenceNumber).chain(found -> {
            KsefTokenEntry entry = found == null ? new KsefTokenEntry() : found;
            entry.referenceNumber = referenceNumber;
            entry.revokedAt = revokedAt == null ? OffsetDateTime.now(ZoneOffset.UTC) : revokedAt;
            return found == null ? tokens.persist(entry).replaceWithVoid() : Uni.createFrom().voidItem();
        });
    }
}

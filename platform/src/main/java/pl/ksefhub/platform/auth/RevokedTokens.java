package pl.ksefhub.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authentication sessions revoked before their tokens expire, each until the last of its tokens expires. Fed in
 * every service by {@link AuthRevocationConsumer} from {@code ksef.auth.revocations} (and in session-service also
 * directly by the revoke itself), so a revoked session's access tokens stop working everywhere within seconds.
 * An entry is forgotten once its {@code validUntil} has passed: no token it covers can verify any more, so memory
 * holds only revocations that still matter.
 */
@ApplicationScoped
public class RevokedTokens {

    /** How often, at most, a revoke also sweeps out expired entries. */
    static final Duration SWEEP_INTERVAL = Duration.ofMinutes(1);

    private final Clock clock;
    private final Map<String, Instant> validUntilByAuthReference = new ConcurrentHashMap<>();
    private volatile Instant nextSweep = Instant.MIN;

    @Inject
    public RevokedTokens() {
        this(Clock.systemUTC());
    }

    /** For tests: a clock they move. */
    RevokedTokens(Clock clock) {
        this.clock = clock;
    }

    /**
     * Refuses the tokens of this authentication session until {@code validUntil}; a later {@code validUntil} for
     * the same session extends it, an earlier one changes nothing. One already past is not recorded at all (a
     * replica reading old revocations at start).
     */
    public void revoke(String authReferenceNumber, Instant validUntil) {
        Instant now = clock.instant();
        sweepIfDue(now);
        if (validUntil.isAfter(now)) {
            validUntilByAuthReference.merge(authReferenceNumber, validUntil,
                    (known, added) -> known.isAfter(added) ? known : added);
        }
    }

    public boolean isRevoked(String authReferenceNumber) {
        Instant validUntil = validUntilByAuthReference.get(authReferenceNumber);
        return validUntil != null && validUntil.isAfter(clock.instant());
    }

    /** How many revocations are held now (expired ones not yet swept included). */
    public int size() {
        return validUntilByAuthReference.size();
    }

    /**
     * Swept on write rather than on a timer: without new revocations the map does not grow, and with them the sweep
     * keeps it to the revocations of the last token lifetime.
     */
    private void sweepIfDue(Instant now) {
        if (now.isBefore(nextSweep)) {
            return;
        }
        nextSweep = now.plus(SWEEP_INTERVAL);
        validUntilByAuthReference.values().removeIf(validUntil -> !validUntil.isAfter(now));
    }
}

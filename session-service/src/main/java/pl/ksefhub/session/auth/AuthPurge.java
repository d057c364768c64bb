package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps the public {@code POST /auth/challenge} (60 requests a second per IP) from filling the database: unused
 * challenges go once expired, authentications once their refresh token is dead and the retention has passed, and
 * then the challenges they used.
 */
@ApplicationScoped
public class AuthPurge {

    private static final Logger LOG = Logger.getLogger(AuthPurge.class);

    private final AuthChallengeRepository challenges;
    private final AuthOperationRepository operations;
    private final AuthSettings settings;

    public AuthPurge(AuthChallengeRepository challenges, AuthOperationRepository operations, AuthSettings settings) {
        this.challenges = challenges;
        this.operations = operations;
        this.settings = settings;
    }

    @Scheduled(every = "${ksef.session.auth.purge-interval:1h}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        return purge(OffsetDateTime.now(ZoneOffset.UTC)).replaceWithVoid();
    }

    /** @return how many challenges and operations were removed */
    @WithTransaction
    public Uni<Long> purge(OffsetDateTime now) {
        OffsetDateTime retainedSince = now.minus(settings.operationRetention());
        return operations.delete("startedAt < ?1 and (refreshTokenValidUntil is null or refreshTokenValidUntil < ?2)",
                        retainedSince, now)
                .chain(removedOperations -> challenges.delete("expiresAt < ?1 and challenge not in"
                                + " (select o.challenge from AuthOperation o)", now)
                        .map(removedChallenges -> removedOperations + removedChallenges))
                .invoke(removed -> {
                    if (removed > 0) {
                        LOG.infof("Removed %d expired challenges and authentications", removed);
                    }
                });
    }
}

package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

@ApplicationScoped
public class AuthChallengeRepository implements PanacheRepositoryBase<AuthChallenge, String> {

    /**
     * Marks the challenge used if it exists, is unused and has not expired, in one statement so that two requests
     * racing with the same challenge cannot both have it.
     *
     * @return the challenge, or null when it is unknown, expired or already used
     */
    public Uni<AuthChallenge> consume(String challenge, OffsetDateTime now) {
        return update("usedAt = ?1 where challenge = ?2 and usedAt is null and expiresAt > ?1", now, challenge)
                .chain(updated -> updated == 1 ? findById(challenge) : Uni.createFrom().nullItem());
    }
}

package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.AuthApi.ChallengeResponse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/** {@code POST /auth/challenge}: the nonce every authentication starts with (uwierzytelnianie.md, step 1). */
@ApplicationScoped
public class ChallengeService {

    private final AuthChallengeRepository challenges;
    private final AuthSettings settings;

    public ChallengeService(AuthChallengeRepository challenges, AuthSettings settings) {
        this.challenges = challenges;
        this.settings = settings;
    }

    @WithTransaction
    public Uni<ChallengeResponse> issue(String clientIp) {
        // Millisecond precision: clients derive timestampMs from timestamp (the C# SDK does), both must agree.
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        AuthChallenge challenge = new AuthChallenge();
        challenge.challenge = ReferenceNumbers.next(ReferenceNumbers.CHALLENGE);
        challenge.issuedAt = now;
        challenge.timestampMs = now.toInstant().toEpochMilli();
        challenge.expiresAt = now.plus(settings.challengeLifetime());
        challenge.clientIp = clientIp;
        return challenges.persist(challenge).map(saved -> new ChallengeResponse(saved.challenge, saved.issuedAt,
                saved.timestampMs, saved.clientIp));
    }
}

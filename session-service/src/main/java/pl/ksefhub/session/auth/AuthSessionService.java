package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.auth.RevokedTokens;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.paging.ContinuationTokens;
import pl.ksefhub.session.auth.AuthApi.AuthenticationListItem;
import pl.ksefhub.session.auth.AuthApi.AuthenticationListResponse;
import pl.ksefhub.session.auth.AuthApi.StatusInfo;
import pl.ksefhub.session.auth.AuthSessionEvents.AuthSessionRevoked;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Authentication sessions of a context (auth/sesje.md): the active ones, and revoking one. Revoking stops its
 * refresh token (status 425) and is announced with {@code ksef.auth.session-revoked.v1} on
 * {@code ksef.auth.revocations} in the same transaction; from that event every service refuses the session's access
 * tokens (platform {@code RevokedTokens}), within seconds, where KSeF lets them live until they expire.
 */
@ApplicationScoped
public class AuthSessionService {

    private static final String ACTIVE = "contextType = ?1 and contextValue = ?2 and statusCode = ?3"
            + " and (refreshTokenValidUntil > ?4 or (redeemedAt is null and startedAt > ?5))";

    private final AuthOperationRepository operations;
    private final AuthSettings settings;
    private final Outbox outbox;
    private final RevokedTokens revokedTokens;
    private final ContinuationTokens continuations;

    public AuthSessionService(AuthOperationRepository operations, AuthSettings settings, Outbox outbox,
                              RevokedTokens revokedTokens, ContinuationTokens continuations) {
        this.operations = operations;
        this.settings = settings;
        this.outbox = outbox;
        this.revokedTokens = revokedTokens;
        this.continuations = continuations;
    }

    /**
     * Sessions of the caller's context that can still produce access tokens: redeemed with a valid refresh token, or
     * successful and still redeemable. Newest first.
     */
    @WithSession
    public Uni<AuthenticationListResponse> active(KsefPrincipal principal, int pageSize, String continuationToken) {
        String scope = principal.contextType() + "|" + principal.contextValue() + "|" + pageSize;
        int offset = continuations.offset(continuationToken, scope);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return operations.find(ACTIVE, Sort.descending("startedAt", "referenceNumber"), principal.contextType(),
                        principal.contextValue(), AuthStatus.SUCCEEDED, now,
                        now.minus(settings.authenticationTokenLifetime()))
                // One more than a page tells whether another page follows.
                .range(offset, offset + pageSize).list()
                .map(found -> {
                    List<AuthenticationListItem> items = found.stream().limit(pageSize)
                            .map(operation -> item(operation, principal)).toList();
                    String next = found.size() > pageSize
                            ? continuations.nextOffset(offset + pageSize, scope) : null;
                    return new AuthenticationListResponse(next, items);
                });
    }

    /**
     * Revokes an authentication session of the caller's context; revoking one already revoked changes nothing. Once
     * committed, this replica refuses the session's access tokens at once (the caller's next request must not get
     * through); the other replicas and services when the event reaches them.
     *
     * @throws pl.ksefhub.platform.error.KsefException 21304 for a session that is not in the caller's context
     */
    public Uni<Void> revoke(KsefPrincipal principal, String referenceNumber) {
        // Not @WithTransaction: the local refusal must follow the commit, never precede a rollback.
        return Panache.withTransaction(() -> revokeInTransaction(principal, referenceNumber))
                .invoke(revoked -> revoked.ifPresent(this::refuseHere))
                .replaceWithVoid();
    }

    /**
     * Hook for whatever else ends every authentication of a context (a context blocked by test data): revokes each
     * session of the context whose tokens may still be in use, with status 425, and announces each. Call it inside
     * the caller's transaction ({@code @WithTransaction}); every replica, this one included, then refuses the
     * access tokens when the events reach it.
     *
     * @return the revocations announced
     */
    public Uni<List<AuthSessionRevoked>> revokeAllOfContext(String contextType, String contextValue) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return operations.find("contextType = ?1 and contextValue = ?2 and statusCode in (?3)", contextType,
                        contextValue, List.of(AuthStatus.SUCCEEDED, AuthStatus.IN_PROGRESS))
                .withLock(LockModeType.PESSIMISTIC_WRITE).list()
                .chain(found -> {
                    List<AuthSessionRevoked> revoked = found.stream()
                            .filter(operation -> tokensValidUntil(operation).isAfter(now))
                            .map(operation -> markRevoked(operation, now)).toList();
                    return outbox.enqueueAll(revoked.stream().map(AuthSessionService::announcement).toList())
                            .replaceWith(revoked);
                });
    }

    private Uni<Optional<AuthSessionRevoked>> revokeInTransaction(KsefPrincipal principal, String referenceNumber) {
        return operations.findById(referenceNumber, LockModeType.PESSIMISTIC_WRITE).chain(operation -> {
            if (operation == null || !principal.inContext(operation.contextType, operation.contextValue)) {
                throw AuthErrors.operationNotFound(referenceNumber);
            }
            if (operation.statusCode != AuthStatus.SUCCEEDED && operation.statusCode != AuthStatus.IN_PROGRESS) {
                return Uni.createFrom().item(Optional.empty());
            }
            AuthSessionRevoked revoked = markRevoked(operation, OffsetDateTime.now(ZoneOffset.UTC));
            return outbox.enqueueAll(List.of(announcement(revoked))).replaceWith(Optional.of(revoked));
        });
    }

    private AuthSessionRevoked markRevoked(AuthOperation operation, OffsetDateTime now) {
        operation.setStatus(AuthStatus.revoked(), now);
        return new AuthSessionRevoked(operation.referenceNumber,
                new ContextIdentifier(operation.contextType, operation.contextValue), now,
                tokensValidUntil(operation));
    }

    private static Outbox.PendingEvent announcement(AuthSessionRevoked revoked) {
        return new Outbox.PendingEvent(AuthSessionEvents.TOPIC, revoked.authReferenceNumber(),
                AuthSessionEvents.REVOKED, revoked);
    }

    private void refuseHere(AuthSessionRevoked revoked) {
        revokedTokens.revoke(revoked.authReferenceNumber(), revoked.validUntil().toInstant());
    }

    /**
     * When the last token issued for the operation expires: its authentication token, the last access token (from
     * redeem or the last refresh, which may outlive the refresh token by up to one access-token lifetime) and its
     * refresh token. No token is issued after the revoke, so nothing that could verify outlives this.
     */
    private OffsetDateTime tokensValidUntil(AuthOperation operation) {
        OffsetDateTime lastAccessIssued = Stream.of(operation.redeemedAt, operation.lastTokenRefreshDate)
                .filter(Objects::nonNull).max(OffsetDateTime::compareTo).orElse(null);
        return Stream.of(operation.startedAt.plus(settings.authenticationTokenLifetime()),
                        lastAccessIssued == null ? null : lastAccessIssued.plus(settings.accessTokenLifetime()),
                        operation.refreshTokenValidUntil)
                .filter(Objects::nonNull)
                .max(OffsetDateTime::compareTo).orElseThrow()
                .withOffsetSameInstant(ZoneOffset.UTC);
    }

    private static AuthenticationListItem item(AuthOperation operation, KsefPrincipal principal) {
        return new AuthenticationListItem(operation.referenceNumber,
                operation.referenceNumber.equals(principal.authReferenceNumber()), operation.startedAt,
                operation.authenticationMethod, AuthTokenService.methodInfo(operation),
                StatusInfo.of(operation.status()), operation.redeemedAt != null, operation.lastTokenRefreshDate,
                operation.refreshTokenValidUntil);
    }
}

package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.session.auth.AuthApi.AuthenticationListItem;
import pl.ksefhub.session.auth.AuthApi.AuthenticationListResponse;
import pl.ksefhub.session.auth.AuthApi.StatusInfo;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Authentication sessions of a context (auth/sesje.md): the active ones, and revoking one. Revoking stops its
 * refresh token (status 425); access tokens already issued stay valid until they expire, as in KSeF.
 */
@ApplicationScoped
public class AuthSessionService {

    private static final String ACTIVE = "contextType = ?1 and contextValue = ?2 and statusCode = ?3"
            + " and (refreshTokenValidUntil > ?4 or (redeemedAt is null and startedAt > ?5))";

    private final AuthOperationRepository operations;
    private final AuthSettings settings;

    public AuthSessionService(AuthOperationRepository operations, AuthSettings settings) {
        this.operations = operations;
        this.settings = settings;
    }

    /**
     * Sessions of the caller's context that can still produce access tokens: redeemed with a valid refresh token, or
     * successful and still redeemable. Newest first.
     */
    @WithSession
    public Uni<AuthenticationListResponse> active(KsefPrincipal principal, int pageSize, String continuationToken) {
        String scope = principal.contextType() + "|" + principal.contextValue() + "|" + pageSize;
        int offset = ListPages.offset(continuationToken, scope);
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
                            ? ListPages.continuation(offset + pageSize, scope) : null;
                    return new AuthenticationListResponse(next, items);
                });
    }

    /**
     * Revokes an authentication session of the caller's context; revoking one already revoked changes nothing.
     *
     * @throws pl.ksefhub.platform.error.KsefException 21304 for a session that is not in the caller's context
     */
    @WithTransaction
    public Uni<Void> revoke(KsefPrincipal principal, String referenceNumber) {
        return operations.findById(referenceNumber, LockModeType.PESSIMISTIC_WRITE).map(operation -> {
            if (operation == null || !principal.inContext(operation.contextType, operation.contextValue)) {
                throw AuthErrors.operationNotFound(referenceNumber);
            }
            if (operation.statusCode == AuthStatus.SUCCEEDED || operation.statusCode == AuthStatus.IN_PROGRESS) {
                operation.setStatus(AuthStatus.revoked(), OffsetDateTime.now(ZoneOffset.UTC));
            }
            return null;
        });
    }

    private static AuthenticationListItem item(AuthOperation operation, KsefPrincipal principal) {
        return new AuthenticationListItem(operation.referenceNumber,
                operation.referenceNumber.equals(principal.authReferenceNumber()), operation.startedAt,
                operation.authenticationMethod, AuthTokenService.methodInfo(operation),
                StatusInfo.of(operation.status()), operation.redeemedAt != null, operation.lastTokenRefreshDate,
                operation.refreshTokenValidUntil);
    }
}

package pl.ksefhub.session.auth;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.AuthenticationRequiredException;
import pl.ksefhub.platform.error.ForbiddenException;
import pl.ksefhub.session.auth.AuthApi.AuthenticationMethodInfo;
import pl.ksefhub.session.auth.AuthApi.AuthenticationStatusResponse;
import pl.ksefhub.session.auth.AuthApi.AuthenticationTokenRefreshResponse;
import pl.ksefhub.session.auth.AuthApi.AuthenticationTokensResponse;
import pl.ksefhub.session.auth.AuthApi.StatusInfo;
import pl.ksefhub.session.auth.xades.XadesAuthenticationService;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * What follows the start of an authentication (uwierzytelnianie.md, steps 3-5): its status, the one-time redeem of
 * the access and refresh tokens, and refreshing the access token.
 */
@ApplicationScoped
public class AuthTokenService {

    private final AuthOperationRepository operations;
    private final KsefTokenRepository tokens;
    private final AccessTokenIssuer issuer;
    private final XadesAuthenticationService xades;

    public AuthTokenService(AuthOperationRepository operations, KsefTokenRepository tokens,
                            AccessTokenIssuer issuer, XadesAuthenticationService xades) {
        this.operations = operations;
        this.tokens = tokens;
        this.issuer = issuer;
        this.xades = xades;
    }

    /** {@code GET /auth/{ref}} with the operation's own authentication token. */
    @WithSession
    public Uni<AuthenticationStatusResponse> status(KsefPrincipal principal, String referenceNumber) {
        if (!referenceNumber.equals(principal.authReferenceNumber())) {
            // The token of one operation does not show another.
            throw new ForbiddenException("insufficient-resource-access", ForbiddenException.RESOURCE_ACCESS_DETAIL,
                    Map.of());
        }
        return operations.findById(referenceNumber).map(operation -> {
            if (operation == null) {
                throw AuthErrors.operationNotFound(referenceNumber);
            }
            return new AuthenticationStatusResponse(operation.startedAt, operation.authenticationMethod,
                    methodInfo(operation), StatusInfo.of(operation.status()), operation.redeemedAt != null,
                    operation.lastTokenRefreshDate, operation.refreshTokenValidUntil);
        });
    }

    /** {@code POST /auth/token/redeem}: once per successful authentication ("Tokeny można pobrać tylko raz"). */
    @WithTransaction
    public Uni<AuthenticationTokensResponse> redeem(KsefPrincipal principal) {
        String referenceNumber = principal.authReferenceNumber();
        // Locked: two redeems racing must not both get tokens.
        return operations.findById(referenceNumber, LockModeType.PESSIMISTIC_WRITE).chain(operation -> {
            if (operation == null) {
                throw AuthErrors.operationNotFound(referenceNumber);
            }
            if (operation.redeemedAt != null) {
                throw AuthErrors.alreadyRedeemed(referenceNumber);
            }
            if (operation.statusCode != AuthStatus.SUCCEEDED) {
                throw AuthErrors.statusForbidsRedeem(operation.statusCode);
            }
            return requireKsefTokenNotRevoked(operation).map(ignored -> {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                AccessTokenIssuer.Issued access = issuer.accessToken(operation, now);
                AccessTokenIssuer.Issued refresh = issuer.refreshToken(operation, now);
                operation.redeemedAt = now;
                operation.refreshTokenId = refresh.tokenId();
                operation.refreshTokenValidUntil = refresh.info().validUntil();
                operation.updatedAt = now;
                return new AuthenticationTokensResponse(access.info(), refresh.info());
            });
        });
    }

    /**
     * {@code POST /auth/token/refresh} with the refresh token: a new access token, permissions read again (a grant
     * revoked since the login is gone from it, one made since is in it).
     */
    @WithTransaction
    public Uni<AuthenticationTokenRefreshResponse> refresh(KsefPrincipal principal) {
        String referenceNumber = principal.authReferenceNumber();
        return operations.findById(referenceNumber, LockModeType.PESSIMISTIC_WRITE).chain(operation -> {
            if (operation == null) {
                throw AuthErrors.operationNotFound(referenceNumber);
            }
            if (operation.statusCode != AuthStatus.SUCCEEDED) {
                throw AuthErrors.statusForbidsRefresh(operation.statusCode);
            }
            if (!principal.tokenId().equals(operation.refreshTokenId)) {
                throw new AuthenticationRequiredException("not the refresh token of " + referenceNumber);
            }
            return requireKsefTokenNotRevoked(operation).chain(() -> currentPermissions(operation)).map(current -> {
                OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
                operation.permissions = current;
                AccessTokenIssuer.Issued access = issuer.accessToken(operation, now);
                operation.lastTokenRefreshDate = now;
                operation.updatedAt = now;
                return new AuthenticationTokenRefreshResponse(access.info());
            });
        });
    }

    /** A KSeF token's permissions are its own (checked on every use); a certificate's are its grants of now. */
    private Uni<String> currentPermissions(AuthOperation operation) {
        if (operation.ksefTokenReference != null || operation.subjectType == null) {
            return Uni.createFrom().item(operation.permissions);
        }
        return xades.permissionsOf(operation).map(Permissions::join);
    }

    private Uni<Void> requireKsefTokenNotRevoked(AuthOperation operation) {
        if (operation.ksefTokenReference == null) {
            return Uni.createFrom().voidItem();
        }
        return tokens.findById(operation.ksefTokenReference).map(token -> {
            if (token == null || token.isRevoked()) {
                throw AuthErrors.ksefTokenRevoked();
            }
            return null;
        });
    }

    static AuthenticationMethodInfo methodInfo(AuthOperation operation) {
        if (KsefTokenAuthenticationService.TOKEN_METHOD.equals(operation.authenticationMethod)) {
            return AuthenticationMethodInfo.KSEF_TOKEN;
        }
        if (XadesAuthenticationService.QUALIFIED_SEAL.equals(operation.authenticationMethod)) {
            return AuthenticationMethodInfo.QUALIFIED_SEAL;
        }
        if (XadesAuthenticationService.QUALIFIED_SIGNATURE.equals(operation.authenticationMethod)) {
            return AuthenticationMethodInfo.QUALIFIED_SIGNATURE;
        }
        if (XadesAuthenticationService.INTERNAL_CERTIFICATE.equals(operation.authenticationMethod)) {
            return AuthenticationMethodInfo.INTERNAL_CERTIFICATE;
        }
        return new AuthenticationMethodInfo("Other", operation.authenticationMethod, operation.authenticationMethod);
    }
}

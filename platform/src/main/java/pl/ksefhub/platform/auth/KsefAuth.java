package pl.ksefhub.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.error.AuthenticationRequiredException;
import pl.ksefhub.platform.error.ForbiddenException;
import pl.ksefhub.platform.tracing.LogFields;

import java.util.List;

/**
 * The check at the top of every protected resource method: the right kind of bearer token, valid, with any of the
 * permissions the spec's {@code x-required-permissions} lists for the endpoint.
 */
@ApplicationScoped
public class KsefAuth {

    private final AccessTokenVerifier verifier;

    public KsefAuth(AccessTokenVerifier verifier) {
        this.verifier = verifier;
    }

    /** An access token ({@code ContextToken}) with any of the given permissions (none given: any access token). */
    public KsefPrincipal requireAccess(String authorizationHeader, String... anyOfPermissions) {
        KsefPrincipal principal = require(authorizationHeader, TokenType.ContextToken);
        if (anyOfPermissions.length > 0 && !principal.hasAny(anyOfPermissions)) {
            throw ForbiddenException.missingPermissions(List.of(anyOfPermissions), principal.permissions());
        }
        return principal;
    }

    /**
     * As {@link #requireAccess}, for a token that does not come as {@code Authorization: Bearer}: KSeF 1.0 clients
     * send it bare, in a {@code SessionToken} header.
     */
    public KsefPrincipal requireAccessToken(String token, String... anyOfPermissions) {
        if (token == null || token.isBlank()) {
            throw new AuthenticationRequiredException("no token");
        }
        KsefPrincipal principal = verified(token.trim(), TokenType.ContextToken);
        if (anyOfPermissions.length > 0 && !principal.hasAny(anyOfPermissions)) {
            throw ForbiddenException.missingPermissions(List.of(anyOfPermissions), principal.permissions());
        }
        return principal;
    }

    /** A valid bearer token of the given kind. */
    public KsefPrincipal require(String authorizationHeader, TokenType expected) {
        if (authorizationHeader == null || !authorizationHeader.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new AuthenticationRequiredException("no bearer token");
        }
        return verified(authorizationHeader.substring(7).trim(), expected);
    }

    private KsefPrincipal verified(String token, TokenType expected) {
        KsefPrincipal principal;
        try {
            principal = verifier.verify(token);
        } catch (JwtCodec.InvalidTokenException e) {
            throw new AuthenticationRequiredException(e.getMessage());
        }
        if (principal.tokenType() != expected) {
            throw new AuthenticationRequiredException("expected a " + expected + ", got a " + principal.tokenType());
        }
        LogFields.putContext(principal.contextType(), principal.contextValue());
        return principal;
    }
}

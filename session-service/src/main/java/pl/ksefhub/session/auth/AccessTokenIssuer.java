package pl.ksefhub.session.auth;

import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.AuthConfig;
import pl.ksefhub.platform.auth.JwtCodec;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.session.auth.AuthApi.TokenInfo;
import pl.ksefhub.session.security.TokenSigningKey;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Issues the three bearer tokens of the flow as RS256 JWTs with the claims the C# SDK reads ({@code typ, arn, cit,
 * civ, aum, per}), plus {@code ktr}/{@code adh}: what a session needs for the UPO's {@code Uwierzytelnienie}.
 */
@ApplicationScoped
public class AccessTokenIssuer {

    private final TokenSigningKey signingKey;
    private final AuthSettings settings;
    private final AuthConfig authConfig;

    public AccessTokenIssuer(TokenSigningKey signingKey, AuthSettings settings, AuthConfig authConfig) {
        this.signingKey = signingKey;
        this.settings = settings;
        this.authConfig = authConfig;
    }

    /** A token issued, with its id ({@code jti}) for the tokens the server has to recognise later. */
    public record Issued(String tokenId, TokenInfo info) {
    }

    /** The operation token: only for {@code GET /auth/{ref}} and redeem; it grants no permission. */
    public Issued authenticationToken(AuthOperation operation, OffsetDateTime now) {
        return issue(TokenType.AuthenticationToken, operation, List.of(), now, settings.authenticationTokenLifetime());
    }

    public Issued accessToken(AuthOperation operation, OffsetDateTime now) {
        return issue(TokenType.ContextToken, operation, operation.permissionList(), now,
                settings.accessTokenLifetime());
    }

    /**
     * The refresh token carries no permissions: refresh reads them from the authentication again, so a revoked
     * authentication or KSeF token stops it.
     */
    public Issued refreshToken(AuthOperation operation, OffsetDateTime now) {
        return issue(TokenType.RefreshToken, operation, List.of(), now, settings.refreshTokenLifetime());
    }

    private Issued issue(TokenType type, AuthOperation operation, List<String> permissions, OffsetDateTime now,
                         Duration lifetime) {
        // Whole seconds, so that validUntil is exactly the exp claim.
        OffsetDateTime issuedAt = now.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS);
        OffsetDateTime validUntil = issuedAt.plus(lifetime);
        String tokenId = UUID.randomUUID().toString();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", authConfig.issuer());
        claims.put("aud", authConfig.issuer());
        claims.put("typ", type.name());
        claims.put("jti", tokenId);
        claims.put("arn", operation.referenceNumber);
        claims.put("cit", operation.contextType);
        claims.put("civ", operation.contextValue);
        claims.put("sub", operation.subject);
        claims.put("aum", operation.authenticationMethod);
        if (operation.ksefTokenReference != null) {
            claims.put("ktr", operation.ksefTokenReference);
        }
        if (operation.authDocumentHash != null) {
            claims.put("adh", operation.authDocumentHash);
        }
        claims.put("per", permissions);
        claims.put("iat", issuedAt.toEpochSecond());
        claims.put("exp", validUntil.toEpochSecond());
        String token = JwtCodec.sign(claims, signingKey.keyId(), signingKey.privateKey());
        return new Issued(tokenId, new TokenInfo(token, validUntil));
    }
}

package pl.ksefhub.session.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/**
 * Lifetimes of the authentication flow (uwierzytelnianie.md). The token lifetimes are those seen in the JWTs of the
 * KSeF test environment: exp - iat = 2700 s, 900 s and 604800 s.
 */
@ConfigMapping(prefix = "ksef.session.auth")
public interface AuthSettings {

    /** How long a challenge of {@code POST /auth/challenge} can be used ("Czas życia challenge'a wynosi 10 minut"). */
    @WithDefault("10m")
    Duration challengeLifetime();

    /** The operation token ({@code authenticationToken}) of {@code POST /auth/ksef-token}. */
    @WithDefault("45m")
    Duration authenticationTokenLifetime();

    /** The access token ({@code ContextToken}) from redeem and refresh. */
    @WithDefault("15m")
    Duration accessTokenLifetime();

    /** The refresh token from redeem; it can be used many times until then. */
    @WithDefault("7d")
    Duration refreshTokenLifetime();

    /**
     * Folder of the access-token signing key pair ({@code token-signing.key.pem}, {@code token-signing.crt.pem}),
     * generated on first start when missing. Defaults to {@code ksef.keys.dir}. Every replica of session-service
     * must see the same pair, or tokens of one replica do not verify at another.
     */
    Optional<String> signingKeyDir();

    /**
     * How long a finished authentication is kept once its refresh token can no longer be used: its status is
     * available for 7 days in KSeF ("Operacja jest dostępna przez 7 dni").
     */
    @WithDefault("7d")
    Duration operationRetention();

    /** How often expired challenges and old authentications are removed. */
    @WithDefault("1h")
    Duration purgeInterval();
}

package pl.ksefhub.platform.auth;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** How every service verifies bearer tokens. */
@ConfigMapping(prefix = "ksef.auth")
public interface AuthConfig {

    /**
     * Where the token-signing public keys are published as a JWKS: session-service's
     * {@code /v2/.well-known/jwks.json}, or a {@code file:} URL. Empty in session-service itself, which registers
     * its keys directly.
     */
    Optional<String> jwksUrl();

    /** The {@code iss} every token must carry. */
    @WithDefault("ksef-hub")
    String issuer();

    /** An unknown {@code kid} triggers a JWKS fetch at most this often (key rotation without restarts). */
    @WithDefault("5s")
    Duration jwksMinRefreshInterval();

    /**
     * Whether access tokens of a revoked authentication session are refused too (operator's option, env
     * {@code KSEF_AUTH_REVOKE_ACCESS_TOKENS}). Off by default, as KSeF behaves (auth/sesje.md: after a revoke the
     * refresh token stops working and "aktywne accessTokeny pozostają ważne do upływu ich terminu ważności"). On, every
     * instance of every service refuses them within seconds of the revoke, from {@code ksef.auth.revocations}.
     */
    @WithDefault("false")
    boolean revokeAccessTokens();

    /** Timeout for one JWKS fetch. */
    @WithDefault("3s")
    Duration jwksFetchTimeout();
}

package pl.ksefhub.platform.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import org.jboss.logging.Logger;

import java.io.InputStream;
import java.net.URI;
import java.net.URLConnection;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Verifies KSeF bearer tokens (RS256 JWTs issued by session-service) against the published JWKS, caching keys by
 * {@code kid}. Access tokens of a revoked authentication session are refused through {@link RevokedTokens} when
 * {@link AuthConfig#revokeAccessTokens()} is on.
 */
@ApplicationScoped
public class AccessTokenVerifier {

    private static final Logger LOG = Logger.getLogger(AccessTokenVerifier.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final AuthConfig config;
    private final RevokedTokens revoked;
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    /**
     * Tokens whose signature was verified already, by their exact text: a client sends the same access token with
     * every request, and the RSA check was a tenth of a send's CPU. Expiry and revocation are still checked on each
     * use; the text is the signed content itself, so a changed token is a different key.
     */
    private final Map<String, KsefPrincipal> verified = new ConcurrentHashMap<>();
    private volatile long lastFetchMillis;

    private final Clock clock;

    @Inject
    public AccessTokenVerifier(AuthConfig config, RevokedTokens revoked) {
        this(config, revoked, Clock.systemUTC());
    }

    /** With the clock that expiry is read on: tests move it instead of waiting. */
    AccessTokenVerifier(AuthConfig config, RevokedTokens revoked, Clock clock) {
        this.config = config;
        this.revoked = revoked;
        this.clock = clock;
    }

    /**
     * Fetches the keys in the background at start, so that the first request does not wait for them on an event
     * loop. The issuer may start later than this service: it keeps trying for a minute.
     */
    void prefetch(@Observes StartupEvent startup) {
        config.jwksUrl().ifPresent(url -> {
            Thread fetcher = new Thread(() -> {
                long deadline = System.currentTimeMillis() + 60_000;
                while (keys.isEmpty() && System.currentTimeMillis() < deadline) {
                    fetchJwks(url);
                    if (keys.isEmpty()) {
                        try {
                            Thread.sleep(2000);
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "jwks-prefetch");
            fetcher.setDaemon(true);
            fetcher.start();
        });
    }

    /** For the issuer itself (session-service): its own keys, no HTTP round trip. */
    public void registerKey(String keyId, PublicKey key) {
        keys.put(keyId, key);
    }

    /**
     * @throws JwtCodec.InvalidTokenException when the token is not valid now
     */
    public KsefPrincipal verify(String token) {
        KsefPrincipal known = verified.get(token);
        if (known != null) {
            return stillValid(known);
        }
        KsefPrincipal principal = stillValid(verifySignatureAndClaims(token));
        if (verified.size() >= VERIFIED_CAPACITY) {
            // Crude but bounded: a full cache starts over (it refills with the tokens in use within a request each).
            verified.clear();
        }
        verified.put(token, principal);
        return principal;
    }

    private static final int VERIFIED_CAPACITY = 10_000;

    /** What may change after the signature was checked: the clock, and revocations. */
    private KsefPrincipal stillValid(KsefPrincipal principal) {
        if (!principal.expiresAt().isAfter(clock.instant())) {
            throw new JwtCodec.InvalidTokenException("expired");
        }
        // Only access tokens, and only when the operator asks for it (KSeF keeps them valid until they expire): the
        // authentication and refresh tokens of a revoked session are used at session-service alone, which reads the
        // session's status on every use and answers as KSeF does (21301 with status 425, and GET /auth/{ref}
        // showing 425), at once rather than seconds later.
        if (config.revokeAccessTokens() && principal.tokenType() == TokenType.ContextToken
                && principal.authReferenceNumber() != null && revoked.isRevoked(principal.authReferenceNumber())) {
            throw new JwtCodec.InvalidTokenException("authentication session revoked");
        }
        return principal;
    }

    /**
     * What a token of ours says, whether or not it is still valid: signature and issuer are checked, expiry and
     * revocation are not. For introspection (a ticket telling who a token is, expired or not), never for access.
     *
     * @throws JwtCodec.InvalidTokenException when the token is not one this platform signed
     */
    public KsefPrincipal introspect(String token) {
        KsefPrincipal known = verified.get(token);
        return known != null ? known : verifySignatureAndClaims(token);
    }

    private KsefPrincipal verifySignatureAndClaims(String token) {
        Map<String, Object> claims = JwtCodec.verify(token, this::key);
        if (!config.issuer().equals(claims.get("iss"))) {
            throw new JwtCodec.InvalidTokenException("wrong issuer");
        }
        if (!(claims.get("exp") instanceof Number)) {
            throw new JwtCodec.InvalidTokenException("no expiry");
        }
        Instant expiresAt = Instant.ofEpochSecond(((Number) claims.get("exp")).longValue());
        TokenType type;
        try {
            type = TokenType.valueOf(String.valueOf(claims.get("typ")));
        } catch (IllegalArgumentException e) {
            throw new JwtCodec.InvalidTokenException("unknown token type");
        }
        String authReference = (String) claims.get("arn");
        return new KsefPrincipal(type, authReference, (String) claims.get("cit"), (String) claims.get("civ"),
                (String) claims.get("sub"), (String) claims.get("aum"), (String) claims.get("ktr"),
                (String) claims.get("adh"), permissions(claims.get("per")), expiresAt, (String) claims.get("jti"));
    }

    private static Set<String> permissions(Object per) {
        Set<String> result = new LinkedHashSet<>();
        if (per instanceof Collection<?> list) {
            list.forEach(p -> result.add(String.valueOf(p)));
        }
        return Set.copyOf(result);
    }

    private PublicKey key(String keyId) {
        PublicKey key = keys.get(keyId);
        if (key == null && config.jwksUrl().isPresent()
                && System.currentTimeMillis() - lastFetchMillis > config.jwksMinRefreshInterval().toMillis()) {
            fetchJwks(config.jwksUrl().get());
            key = keys.get(keyId);
        }
        return key;
    }

    private synchronized void fetchJwks(String url) {
        lastFetchMillis = System.currentTimeMillis();
        try {
            URLConnection connection = URI.create(url).toURL().openConnection();
            int timeout = (int) config.jwksFetchTimeout().toMillis();
            connection.setConnectTimeout(timeout);
            connection.setReadTimeout(timeout);
            try (InputStream in = connection.getInputStream()) {
                keys.putAll(Jwks.fromJson(JSON.readValue(in, new TypeReference<Map<String, Object>>() {
                })));
            }
        } catch (Exception e) {
            LOG.debugf("Cannot fetch the token keys from %s: %s", url, e.getMessage());
        }
    }
}

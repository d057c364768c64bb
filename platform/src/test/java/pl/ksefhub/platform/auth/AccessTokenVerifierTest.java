package pl.ksefhub.platform.auth;

import org.junit.jupiter.api.Test;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The verifier remembers checked signatures, but never what may change afterwards: expiry and revocation. */
class AccessTokenVerifierTest {

    private static final KeyPair KEYS = rsa();
    private final RevokedTokens revoked = new RevokedTokens();
    private final MovableClock clock = new MovableClock();
    private final AccessTokenVerifier verifier = new AccessTokenVerifier(config(false), revoked, clock);
    /** With the operator's option on: access tokens of revoked sessions refused too. */
    private final AccessTokenVerifier strict = new AccessTokenVerifier(config(true), revoked);

    AccessTokenVerifierTest() {
        verifier.registerKey("k1", KEYS.getPublic());
        strict.registerKey("k1", KEYS.getPublic());
    }

    @Test
    void aTokenVerifiedBeforeIsTakenAgainWithTheSameClaims() {
        String token = token("AU-1", Instant.now().plusSeconds(600));
        KsefPrincipal first = verifier.verify(token);
        assertEquals(first, verifier.verify(token));
        assertEquals("5265877635", first.contextValue());
        assertEquals(java.util.Set.of("InvoiceWrite"), first.permissions());
    }

    @Test
    void anAccessTokenOfARevokedSessionStaysValidUntilItExpiresAsInKsef() {
        String token = token("AU-5", Instant.now().plusSeconds(600));
        verifier.verify(token);
        revoked.revoke("AU-5", Instant.now().plusSeconds(600));
        assertEquals("AU-5", verifier.verify(token).authReferenceNumber());
    }

    @Test
    void withTheStrictOptionARememberedTokenIsRefusedOnceItsSessionIsRevoked() {
        String token = token("AU-2", Instant.now().plusSeconds(600));
        strict.verify(token);
        revoked.revoke("AU-2", Instant.now().plusSeconds(600));
        assertThrows(JwtCodec.InvalidTokenException.class, () -> strict.verify(token));
    }

    @Test
    void aRememberedTokenIsRefusedOnceExpired() {
        String token = token("AU-3", Instant.now().plusSeconds(2));
        verifier.verify(token);
        clock.advance(Duration.ofMillis(2100));
        assertThrows(JwtCodec.InvalidTokenException.class, () -> verifier.verify(token));
    }

    @Test
    void aTamperedTokenIsNotTakenForTheRememberedOne() {
        String token = token("AU-4", Instant.now().plusSeconds(600));
        verifier.verify(token);
        String[] parts = token.split("\\.");
        String tampered = parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse();
        assertThrows(JwtCodec.InvalidTokenException.class, () -> verifier.verify(tampered));
    }

    @Test
    void introspectionReadsAnExpiredTokenButNotAForgedOne() {
        Instant expired = Instant.now().minusSeconds(60);
        String token = token("AU-6", expired);
        assertThrows(JwtCodec.InvalidTokenException.class, () -> verifier.verify(token));
        KsefPrincipal read = verifier.introspect(token);
        assertEquals("AU-6", read.authReferenceNumber());
        assertEquals(expired.getEpochSecond(), read.expiresAt().getEpochSecond());
        String[] parts = token.split("\\.");
        assertThrows(JwtCodec.InvalidTokenException.class,
                () -> verifier.introspect(parts[0] + "." + parts[1] + "." + new StringBuilder(parts[2]).reverse()));
    }

    private static String token(String authReference, Instant expiresAt) {
        return JwtCodec.sign(Map.of("iss", "ksef-hub", "typ", "ContextToken", "arn", authReference, "cit", "Nip",
                "civ", "5265877635", "sub", "5265877635", "per", List.of("InvoiceWrite"),
                "exp", expiresAt.getEpochSecond(), "jti", authReference), "k1", KEYS.getPrivate());
    }

    private static KeyPair rsa() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            return generator.generateKeyPair();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static AuthConfig config(boolean revokeAccessTokens) {
        return new AuthConfig() {
            @Override
            public boolean revokeAccessTokens() {
                return revokeAccessTokens;
            }

            @Override
            public Optional<String> jwksUrl() {
                return Optional.empty();
            }

            @Override
            public String issuer() {
                return "ksef-hub";
            }

            @Override
            public Duration jwksMinRefreshInterval() {
                return Duration.ofSeconds(5);
            }

            @Override
            public Duration jwksFetchTimeout() {
                return Duration.ofSeconds(3);
            }
        };
    }

    /** The system clock, moved forward by the test. */
    private static final class MovableClock extends Clock {

        private Duration offset = Duration.ZERO;

        void advance(Duration by) {
            offset = offset.plus(by);
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            throw new UnsupportedOperationException();
        }
    }
}

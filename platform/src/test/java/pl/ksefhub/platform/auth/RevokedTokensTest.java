package pl.ksefhub.platform.auth;

import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RevokedTokensTest {

    private static final Instant START = Instant.parse("2026-11-24T10:00:00Z");

    private final MovableClock clock = new MovableClock(START);
    private final RevokedTokens revoked = new RevokedTokens(clock);

    @Test
    void aSessionIsRevokedUntilItsValidUntilAndThenForgotten() {
        revoked.revoke("AU-1", START.plus(Duration.ofMinutes(15)));

        assertTrue(revoked.isRevoked("AU-1"));
        assertFalse(revoked.isRevoked("AU-2"), "another session is not touched");

        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        assertTrue(revoked.isRevoked("AU-1"));
        clock.advance(Duration.ofSeconds(1));
        assertFalse(revoked.isRevoked("AU-1"), "its tokens have all expired: nothing left to refuse");

        clock.advance(RevokedTokens.SWEEP_INTERVAL);
        revoked.revoke("AU-3", clock.instant().plus(Duration.ofDays(7)));
        assertEquals(1, revoked.size(), "the expired entry was swept out on the next revoke");
    }

    @Test
    void aLaterValidUntilExtendsAndAnEarlierOneDoesNotShorten() {
        revoked.revoke("AU-1", START.plus(Duration.ofMinutes(15)));
        revoked.revoke("AU-1", START.plus(Duration.ofDays(7)));
        revoked.revoke("AU-1", START.plus(Duration.ofMinutes(5)));

        clock.advance(Duration.ofDays(1));
        assertTrue(revoked.isRevoked("AU-1"));
        clock.advance(Duration.ofDays(6));
        assertFalse(revoked.isRevoked("AU-1"));
    }

    @Test
    void aRevocationWhoseTokensHaveAlreadyExpiredIsNotKept() {
        revoked.revoke("AU-old", START.minusSeconds(1));
        revoked.revoke("AU-now", START);

        assertFalse(revoked.isRevoked("AU-old"));
        assertFalse(revoked.isRevoked("AU-now"));
        assertEquals(0, revoked.size());
    }

    @Test
    void memoryHoldsOnlyRevocationsThatStillMatter() {
        for (int i = 0; i < 1000; i++) {
            revoked.revoke("AU-" + i, clock.instant().plus(Duration.ofMinutes(15)));
            clock.advance(Duration.ofSeconds(10));
        }
        // 1000 revocations over 10,000 s, each mattering for 900 s: at most 90 live ones plus one sweep interval's.
        long live = RevokedTokens.SWEEP_INTERVAL.toSeconds() / 10 + 90;
        assertTrue(revoked.size() <= live, "held " + revoked.size() + ", expected at most " + live);
        assertTrue(revoked.isRevoked("AU-999"));
        assertFalse(revoked.isRevoked("AU-0"));
    }

    private static final class MovableClock extends Clock {

        private Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration duration) {
            now = now.plus(duration);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}

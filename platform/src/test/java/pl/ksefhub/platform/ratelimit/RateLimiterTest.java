package pl.ksefhub.platform.ratelimit;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.ratelimit.RateLimiter.Accepted;
import pl.ksefhub.platform.ratelimit.RateLimiter.Client;
import pl.ksefhub.platform.ratelimit.RateLimiter.Decision;
import pl.ksefhub.platform.ratelimit.RateLimiter.Refused;

import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The sliding windows, blocks and memory of the limiter, with a clock the test moves. */
class RateLimiterTest {

    private static final long MINUTE = 60_000;
    private static final long HOUR = 3_600_000;
    private static final Client ALICE = new Client("GET /v2/sessions", "Nip:5265877635", "10.0.0.1");
    private static final Client ALICE_ELSEWHERE = new Client("GET /v2/sessions", "Nip:5265877635", "10.0.0.2");
    private static final Client BOB = new Client("GET /v2/sessions", "Nip:7010002137", "10.0.0.1");
    private static final Client ALICE_OTHER_OPERATION = new Client("GET /v2/rate-limits", "Nip:5265877635", "10.0.0.1");
    /** No growth: each block lasts exactly as long as the windows require. */
    private static final RateLimiter.BlockPolicy FLAT = new RateLimiter.BlockPolicy(1, HOUR, 15 * MINUTE);

    /** Starts at an arbitrary, non-aligned moment: windows are not aligned to full seconds or minutes. */
    private final AtomicLong clock = new AtomicLong(1_234_567_891L);

    private RateLimiter limiter(RateLimiter.BlockPolicy policy, int maxClients) {
        return new RateLimiter(clock::get, policy, maxClients);
    }

    @Test
    void theThresholdOfASecondRefusesTheNextRequestWithinThatSecond() {
        RateLimiter limiter = limiter(FLAT, 100);
        RateLimitValues fivePerSecond = new RateLimitValues(5, 0, 0);
        for (int i = 0; i < 5; i++) {
            assertInstanceOf(Accepted.class, limiter.acquire(ALICE, fivePerSecond));
            clock.addAndGet(100);
        }
        Refused refused = assertInstanceOf(Refused.class, limiter.acquire(ALICE, fivePerSecond));
        assertEquals(Window.SECOND, refused.window());
        assertEquals(5, refused.limit());
        assertEquals(1, refused.retryAfterSeconds());
    }

    @Test
    void aRequestCountsForAWholeWindowButNotMuchLonger() {
        RateLimiter limiter = limiter(FLAT, 100);
        RateLimitValues onePerMinute = new RateLimitValues(0, 1, 0);
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE, onePerMinute));
        clock.addAndGet(MINUTE - 1);
        Refused refused = assertInstanceOf(Refused.class, limiter.acquire(ALICE, onePerMinute));
        // At most one bucket (a second) after the window: the block ends when the first request stops counting.
        assertEquals(Window.MINUTE, refused.window());
        assertEquals(true, refused.retryAfterSeconds() >= 1 && refused.retryAfterSeconds() <= 2,
                "Retry-After " + refused.retryAfterSeconds());
        clock.addAndGet(refused.retryAfterSeconds() * 1000);
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE, onePerMinute));
    }

    @Test
    void theWindowSlidesInsteadOfResettingOnTheFullMinute() {
        RateLimiter limiter = limiter(FLAT, 100);
        RateLimitValues threePerMinute = new RateLimitValues(0, 3, 0);
        limiter.acquire(ALICE, threePerMinute);
        clock.addAndGet(40_000);
        limiter.acquire(ALICE, threePerMinute);
        limiter.acquire(ALICE, threePerMinute);
        // 30 s later a fixed minute might have started afresh; the sliding one still holds the last two.
        clock.addAndGet(30_000);
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE, threePerMinute));
        Refused refused = assertInstanceOf(Refused.class, limiter.acquire(ALICE, threePerMinute));
        // The two from 30 s ago leave the window in about 30 s.
        assertEquals(true, refused.retryAfterSeconds() >= 30 && refused.retryAfterSeconds() <= 31,
                "Retry-After " + refused.retryAfterSeconds());
    }

    @Test
    void allThreeWindowsApplyAtOnceAndTheLongestWaitIsReported() {
        RateLimiter limiter = limiter(FLAT, 100);
        RateLimitValues values = new RateLimitValues(10, 30, 40);
        int accepted = 0;
        Decision last = null;
        // One request every 2.5 s: never 10 in a second, never 30 in a minute, but 40 within the hour.
        for (int i = 0; i < 60; i++) {
            last = limiter.acquire(ALICE, values);
            if (last instanceof Refused) {
                break;
            }
            accepted++;
            clock.addAndGet(2_500);
        }
        assertEquals(40, accepted);
        Refused refused = assertInstanceOf(Refused.class, last);
        assertEquals(Window.HOUR, refused.window());
        assertEquals(40, refused.limit());

        // Minute and hour both exceeded: the hour keeps the client out longer, so the hour is named.
        limiter.acquire(BOB, new RateLimitValues(0, 2, 2));
        limiter.acquire(BOB, new RateLimitValues(0, 2, 2));
        Refused both = assertInstanceOf(Refused.class, limiter.acquire(BOB, new RateLimitValues(0, 2, 2)));
        assertEquals(Window.HOUR, both.window());
        assertEquals(true, both.retryAfterSeconds() > 3500, "Retry-After " + both.retryAfterSeconds());
    }

    @Test
    void operationsContextsAndAddressesCountSeparately() {
        RateLimiter limiter = limiter(FLAT, 100);
        RateLimitValues onePerHour = new RateLimitValues(0, 0, 1);
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE, onePerHour));
        assertInstanceOf(Refused.class, limiter.acquire(ALICE, onePerHour));
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE_ELSEWHERE, onePerHour));
        assertInstanceOf(Accepted.class, limiter.acquire(BOB, onePerHour));
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE_OTHER_OPERATION, onePerHour));
    }

    @Test
    void aBlockHoldsEvenWhenTheWindowWouldAcceptAndGrowsWithRepeatedViolations() {
        RateLimiter limiter = limiter(new RateLimiter.BlockPolicy(2, 10 * MINUTE, 15 * MINUTE), 100);
        clock.set(1_234_567_000L);
        RateLimitValues onePerMinute = new RateLimitValues(0, 1, 0);
        // The window alone asks for 61 s (a request counts up to one one-second bucket past the minute); each
        // violation within 15 minutes of the last doubles that, up to the 10-minute cap.
        for (long seconds : new long[] {61, 122, 244, 488, 600}) {
            assertInstanceOf(Accepted.class, limiter.acquire(ALICE, onePerMinute));
            Refused refused = assertInstanceOf(Refused.class, limiter.acquire(ALICE, onePerMinute));
            assertEquals(seconds, refused.retryAfterSeconds());
            // Late in the block the window has room again, but the block refuses with what is left of it.
            clock.addAndGet(seconds * 1000 - 1_000);
            Refused stillBlocked = assertInstanceOf(Refused.class, limiter.acquire(ALICE, onePerMinute));
            assertEquals(1, stillBlocked.retryAfterSeconds());
            assertEquals(Window.MINUTE, stillBlocked.window());
            assertEquals(1, stillBlocked.limit());
            clock.addAndGet(1_000);
        }
    }

    @Test
    void theBlockIsCappedAndViolationsAreForgottenAfterAQuietPeriod() {
        RateLimiter limiter = limiter(new RateLimiter.BlockPolicy(10, 30_000, 15 * MINUTE), 100);
        RateLimitValues onePerSecond = new RateLimitValues(1, 0, 0);
        long longest = 0;
        for (int i = 0; i < 4; i++) {
            limiter.acquire(ALICE, onePerSecond);
            Refused refused = assertInstanceOf(Refused.class, limiter.acquire(ALICE, onePerSecond));
            assertEquals(true, refused.retryAfterSeconds() <= 30, "capped: " + refused.retryAfterSeconds());
            longest = Math.max(longest, refused.retryAfterSeconds());
            clock.addAndGet(refused.retryAfterSeconds() * 1000 + 1000);
        }
        assertEquals(30, longest);
        clock.addAndGet(16 * MINUTE);
        limiter.acquire(ALICE, onePerSecond);
        Refused afresh = assertInstanceOf(Refused.class, limiter.acquire(ALICE, onePerSecond));
        assertEquals(true, afresh.retryAfterSeconds() <= 2, "a first violation again: " + afresh.retryAfterSeconds());
    }

    @Test
    void aCappedBlockIsNeverShorterThanTheWindowRequires() {
        RateLimiter limiter = limiter(new RateLimiter.BlockPolicy(2, 10_000, 15 * MINUTE), 100);
        RateLimitValues onePerHour = new RateLimitValues(0, 0, 1);
        limiter.acquire(ALICE, onePerHour);
        Refused refused = assertInstanceOf(Refused.class, limiter.acquire(ALICE, onePerHour));
        assertEquals(true, refused.retryAfterSeconds() >= 3600, "Retry-After " + refused.retryAfterSeconds());
    }

    @Test
    void liftingAContextsBlocksLetsItsClientsInAgainWithTheirCounts() {
        RateLimiter limiter = limiter(FLAT, 100);
        limiter.acquire(ALICE, new RateLimitValues(0, 1, 0));
        assertInstanceOf(Refused.class, limiter.acquire(ALICE, new RateLimitValues(0, 1, 0)));
        limiter.acquire(BOB, new RateLimitValues(0, 1, 0));
        assertInstanceOf(Refused.class, limiter.acquire(BOB, new RateLimitValues(0, 1, 0)));
        limiter.liftBlocks(ALICE.context());
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE, new RateLimitValues(0, 2, 0)));
        assertInstanceOf(Refused.class, limiter.acquire(ALICE, new RateLimitValues(0, 2, 0)), "counts stay");
        assertInstanceOf(Refused.class, limiter.acquire(BOB, new RateLimitValues(0, 2, 0)), "other contexts stay");
    }

    @Test
    void idleClientsAreForgottenAndTheirCountsWithThem() {
        RateLimiter limiter = limiter(FLAT, 100);
        RateLimitValues onePerHour = new RateLimitValues(0, 0, 1);
        limiter.acquire(ALICE, onePerHour);
        limiter.acquire(BOB, onePerHour);
        clock.addAndGet(30 * MINUTE);
        limiter.acquire(BOB, new RateLimitValues(0, 0, 5));
        limiter.sweep();
        assertEquals(2, limiter.clientCount(), "nobody idle for an hour yet");
        clock.addAndGet(31 * MINUTE + 1000);
        limiter.sweep();
        assertEquals(1, limiter.clientCount(), "Alice idle for over an hour, Bob not");
        assertInstanceOf(Accepted.class, limiter.acquire(ALICE, onePerHour));
    }

    @Test
    void overTheMaximumTheLongestUnseenClientsAreForgotten() {
        RateLimiter limiter = limiter(FLAT, 10);
        RateLimitValues values = new RateLimitValues(10, 30, 120);
        for (int i = 0; i < 11; i++) {
            limiter.acquire(new Client("GET /v2/sessions", "Nip:" + i, "10.0.0.1"), values);
            clock.addAndGet(10);
        }
        assertEquals(9, limiter.clientCount());
        for (int i = 0; i < 2; i++) {
            assertEquals(true, limiter.acquire(new Client("GET /v2/sessions", "Nip:" + i, "10.0.0.1"),
                    new RateLimitValues(0, 0, 1)) instanceof Accepted, "forgotten: counted afresh");
        }
    }

    @Test
    void noThresholdInAWindowMeansNoLimitThere() {
        RateLimiter limiter = limiter(FLAT, 100);
        RateLimitValues secondsOnly = new RateLimitValues(60, 0, 0);
        for (int minute = 0; minute < 5; minute++) {
            for (int i = 0; i < 60; i++) {
                assertInstanceOf(Accepted.class, limiter.acquire(ALICE, secondsOnly));
            }
            clock.addAndGet(1_100);
        }
    }
}

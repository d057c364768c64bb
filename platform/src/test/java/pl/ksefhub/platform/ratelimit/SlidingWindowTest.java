package pl.ksefhub.platform.ratelimit;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SlidingWindowTest {

    @Test
    void everyRequestCountsForAtLeastTheWindowAndAtMostOneBucketMore() {
        for (long start = 0; start < 2_000; start += 37) {
            SlidingWindow window = new SlidingWindow(Window.SECOND, start);
            window.add(start);
            assertEquals(1, window.count(start + 999), "still within a second of " + start);
            assertEquals(0, window.count(start + 1_100), "gone a bucket after the second, from " + start);
        }
    }

    @Test
    void theWaitEndsWhenTheOldestRequestsLeaveTheWindow() {
        SlidingWindow window = new SlidingWindow(Window.MINUTE, 0);
        window.add(0);
        window.add(10_000);
        window.add(20_000);
        long wait = window.millisUntilBelow(30_000, 3);
        assertEquals(31_000, wait, "the request of t=0 (bucket 0) stops counting at t=61 s");
        assertEquals(2, window.count(30_000 + wait));
        assertEquals(0, window.millisUntilBelow(30_000 + wait, 3));
        assertTrue(window.millisUntilBelow(30_000, 2) > wait, "room for two more: the second request must go too");
    }

    @Test
    void aLongPauseEmptiesTheRing() {
        SlidingWindow window = new SlidingWindow(Window.HOUR, 5_000);
        for (int i = 0; i < 100; i++) {
            window.add(5_000 + i * 30_000L);
        }
        assertEquals(100, window.count(3_000_000));
        assertEquals(0, window.count(100_000_000));
    }

    @Test
    void aClockThatGoesBackChangesNothing() {
        SlidingWindow window = new SlidingWindow(Window.SECOND, 10_000);
        window.add(10_000);
        window.add(9_000);
        assertEquals(2, window.count(9_500));
    }
}

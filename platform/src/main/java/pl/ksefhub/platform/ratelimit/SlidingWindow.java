package pl.ksefhub.platform.ratelimit;

/**
 * Requests accepted in one sliding {@link Window} of one client: a ring of bucket counters covering the current
 * bucket and the whole buckets of one window length before it. Not thread-safe: {@link RateLimiter} locks the
 * client.
 */
final class SlidingWindow {

    private final long bucketMillis;
    private final int buckets;
    private final int[] counts;
    /** The bucket (time / bucketMillis) the ring was last moved to. */
    private long current;

    SlidingWindow(Window window, long now) {
        this.bucketMillis = window.bucketMillis();
        this.buckets = window.buckets();
        this.counts = new int[buckets + 1];
        this.current = now / bucketMillis;
    }

    /** Requests counted at {@code now}. */
    int count(long now) {
        moveTo(now);
        int total = 0;
        for (int count : counts) {
            total += count;
        }
        return total;
    }

    void add(long now) {
        moveTo(now);
        counts[slot(current)]++;
    }

    /**
     * Milliseconds from {@code now} until fewer than {@code limit} requests are counted, that is until one more
     * would be accepted; 0 when that is already so.
     */
    long millisUntilBelow(long now, int limit) {
        int total = count(now);
        for (long bucket = current - buckets; bucket <= current && total >= limit; bucket++) {
            total -= counts[slot(bucket)];
            if (total < limit) {
                // A bucket stops counting when the ring moves more than a window length past it.
                return (bucket + buckets + 1) * bucketMillis - now;
            }
        }
        return 0;
    }

    /** Forgets buckets that left the window. A clock that went back leaves the ring where it is. */
    private void moveTo(long now) {
        long bucket = now / bucketMillis;
        if (bucket <= current) {
            return;
        }
        long steps = Math.min(bucket - current, counts.length);
        for (long i = 1; i <= steps; i++) {
            counts[slot(current + i)] = 0;
        }
        current = bucket;
    }

    private int slot(long bucket) {
        return (int) Math.floorMod(bucket, (long) counts.length);
    }
}

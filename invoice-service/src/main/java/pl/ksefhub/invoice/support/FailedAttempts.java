package pl.ksefhub.invoice.support;

import pl.ksefhub.platform.error.DatabaseUnavailable;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts the failed tries of one piece of work (an invoice, a batch package) toward giving up on it. A failure
 * because the database was away (restarting, unreachable: {@link DatabaseUnavailable}) is nobody's fault and is
 * never counted: no invoice ends in an error status because PostgreSQL restarted while it was processed.
 */
public final class FailedAttempts<K> {

    private final int limit;
    private final Map<K, Integer> counts = new ConcurrentHashMap<>();

    /** @param limit counted failures after which the work is given up */
    public FailedAttempts(int limit) {
        this.limit = limit;
    }

    /** Whether a failure counts at all: false while the database is away. */
    public static boolean counts(Throwable failure) {
        return !DatabaseUnavailable.isCause(failure);
    }

    /**
     * Records a failure of {@code key}'s work.
     *
     * @return the number of failures counted so far when the work is now hopeless ({@code limit} reached), else 0
     */
    public int failed(K key, Throwable failure) {
        if (!counts(failure)) {
            return 0;
        }
        int attempts = counts.merge(key, 1, Integer::sum);
        return attempts >= limit ? attempts : 0;
    }

    /** The work succeeded or was ended: its count goes. */
    public void forget(K key) {
        counts.remove(key);
    }
}

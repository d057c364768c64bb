package pl.ksefhub.platform.outbox;

import jakarta.enterprise.context.ApplicationScoped;

import java.time.Duration;

/**
 * This process enqueued outbox rows: how {@link Outbox} tells {@link OutboxRelay} to poll at its fast interval
 * again, so that an idle relay can poll rarely without delaying the next event. Only a hint: the relay still polls
 * when no hint comes (rows of another replica, rows left by a crash), and the row may not be committed yet when the
 * hint arrives, which is why the relay stays fast for a while after it.
 */
@ApplicationScoped
public class OutboxSignal {

    private final Object lock = new Object();
    private long lastEnqueueNanos = System.nanoTime() - Duration.ofDays(1).toNanos();

    /** Called by {@link Outbox} when it has written rows (in a transaction not yet committed). */
    public void enqueued() {
        synchronized (lock) {
            lastEnqueueNanos = System.nanoTime();
            lock.notifyAll();
        }
    }

    /** {@link System#nanoTime()} of the last {@link #enqueued()}. */
    long lastEnqueueNanos() {
        synchronized (lock) {
            return lastEnqueueNanos;
        }
    }

    /** Sleeps up to {@code timeout}, less when rows are enqueued meanwhile. */
    void awaitEnqueue(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lock) {
            long seen = lastEnqueueNanos;
            long left;
            while (lastEnqueueNanos == seen && (left = deadline - System.nanoTime()) > 0) {
                lock.wait(Math.max(1, left / 1_000_000));
            }
        }
    }
}

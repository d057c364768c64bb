package pl.ksefhub.invoice.support;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The daemon threads of a background worker whose queue is a table: each loops until stopped, waking early when
 * told that work arrived ({@link #wake()}) and otherwise polling (another replica, or a crash, may have left work).
 */
public final class WorkerThreads {

    private final String name;
    private final int count;
    private final Semaphore wakeUps = new Semaphore(0);
    private final List<Thread> threads = new ArrayList<>();
    private volatile boolean running;

    public WorkerThreads(String name, int count) {
        this.name = name;
        this.count = count;
    }

    public void start(Runnable loop) {
        running = true;
        for (int i = 0; i < count; i++) {
            Thread thread = new Thread(loop, name + "-" + i);
            thread.setDaemon(true);
            thread.start();
            threads.add(thread);
        }
    }

    /** Interrupts the threads and waits a little for each to end its round. */
    public void stop() {
        running = false;
        threads.forEach(Thread::interrupt);
        for (Thread thread : threads) {
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    public boolean running() {
        return running;
    }

    /** Work arrived: one idle thread looks now rather than at its next poll. */
    public void wake() {
        if (wakeUps.availablePermits() < count) {
            wakeUps.release();
        }
    }

    /** Waits for a wake-up or the poll interval, whichever comes first. */
    public void idle(long pollMillis) throws InterruptedException {
        wakeUps.tryAcquire(pollMillis, TimeUnit.MILLISECONDS);
    }
}

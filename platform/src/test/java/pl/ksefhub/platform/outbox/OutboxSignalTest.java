package pl.ksefhub.platform.outbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutboxSignalTest {

    @Test
    void anEnqueueEndsTheIdleRelaysSleep() {
        OutboxSignal signal = new OutboxSignal();
        CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> sleep(signal, Duration.ofHours(1)));
        // Enqueued until the sleeper has seen one: the first may come before it starts waiting.
        assertTimeoutPreemptively(Duration.ofMinutes(1), () -> {
            while (!sleeping.isDone()) {
                signal.enqueued();
                Thread.onSpinWait();
            }
        });
        assertDoesNotThrow(sleeping::join);
    }

    @Test
    void withoutAnEnqueueTheSleepEndsAtItsTimeout() {
        OutboxSignal signal = new OutboxSignal();
        long before = signal.lastEnqueueNanos();
        assertDoesNotThrow(() -> signal.awaitEnqueue(Duration.ofMillis(20)));
        assertTrue(signal.lastEnqueueNanos() == before, "no enqueue was recorded");
    }

    @Test
    void anEnqueueIsRecordedForTheRelaysActiveWindow() {
        OutboxSignal signal = new OutboxSignal();
        long before = signal.lastEnqueueNanos();
        signal.enqueued();
        assertTrue(signal.lastEnqueueNanos() > before);
    }

    private static void sleep(OutboxSignal signal, Duration timeout) {
        try {
            signal.awaitEnqueue(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
    }
}

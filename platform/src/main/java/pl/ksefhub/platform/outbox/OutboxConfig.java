package pl.ksefhub.platform.outbox;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** The transactional outbox relay of a service. */
@ConfigMapping(prefix = "ksef.outbox")
public interface OutboxConfig {

    /** Off only in pure unit tests; a service without its relay never announces anything. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How long the relay sleeps when it found nothing to send while the service is active (latency floor of every
     * event): for {@link #activeWindow()} after this process enqueued an event or the relay sent one.
     */
    @WithDefault("20ms")
    Duration pollInterval();

    /**
     * How long an idle relay sleeps when it found nothing to send; an event enqueued by this process ends the sleep
     * at once, so this bounds only the delay of rows written elsewhere (another replica, whose own relay is then
     * active anyway, or rows left by a crash). Polling every 20 ms around the clock cost four idle services about
     * 0.15 of a core on a 2-core machine (docs/PERFORMANCE.md).
     */
    @WithDefault("1s")
    Duration idleInterval();

    /** How long after the last enqueue or sent event the relay polls at {@link #pollInterval()}. */
    @WithDefault("2s")
    Duration activeWindow();

    /** How long it waits after a failed send (broker down) before trying again. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Rows published per round: sent together, acknowledged together, marked sent together. */
    @WithDefault("500")
    int batchSize();
}

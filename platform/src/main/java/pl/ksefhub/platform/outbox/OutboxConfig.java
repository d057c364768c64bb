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

    /** How long the relay sleeps when it found nothing to send (latency floor of every event). */
    @WithDefault("20ms")
    Duration pollInterval();

    /** How long it waits after a failed send (broker down) before trying again. */
    @WithDefault("1s")
    Duration retryBackoff();

    /** Rows published per round: sent together, acknowledged together, marked sent together. */
    @WithDefault("500")
    int batchSize();
}

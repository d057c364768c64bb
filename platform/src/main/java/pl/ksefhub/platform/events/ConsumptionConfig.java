package pl.ksefhub.platform.events;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How {@link EventConsumer} waits out a transient fault (database, broker, timeouts) before trying again. */
@ConfigMapping(prefix = "ksef.consumer")
public interface ConsumptionConfig {

    /** The first wait after a transient fault; each next one doubles, up to {@link #maxRetryBackoff}. */
    @WithDefault("200ms")
    Duration retryBackoff();

    /** The longest wait between two tries: how soon a consumer notices the database is back. */
    @WithDefault("10s")
    Duration maxRetryBackoff();
}

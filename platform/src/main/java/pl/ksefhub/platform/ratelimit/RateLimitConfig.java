package pl.ksefhub.platform.ratelimit;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalInt;

/**
 * Rate limits of a service's KSeF operations. Defaults are KSeF's production values ({@link RateLimitGroup});
 * an environment changes them here, a context in test mode through {@code /testdata/rate-limits}.
 */
@ConfigMapping(prefix = "ksef.rate-limits")
public interface RateLimitConfig {

    /** Off: nothing is counted or refused. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Every default is the production value times this (10 was the KSeF test environment until 2.5.0). Per-group
     * values below are taken as they are.
     */
    @WithDefault("1")
    int multiplier();

    /**
     * Per-group defaults by the spec's group name, plus {@code public}: e.g.
     * {@code ksef.rate-limits.groups.invoiceSend.per-hour=500}; 0 is no threshold in that window. An unknown group
     * name stops the service at start.
     */
    Map<String, GroupValues> groups();

    Block block();

    /**
     * Clients (operation, context, IP) kept at most; about a kilobyte each. Over it, the longest idle are forgotten
     * first.
     */
    @WithDefault("50000")
    int maxClients();

    /** How often clients idle for an hour (all windows empty) are forgotten. */
    @WithDefault("1m")
    Duration sweepInterval();

    interface GroupValues {
        OptionalInt perSecond();

        OptionalInt perMinute();

        OptionalInt perHour();
    }

    /**
     * How long a client is refused after exceeding a threshold (limity-api.md: the block is dynamic, repeated
     * violations lengthen it). The first block lasts until the windows would accept the request again; each further
     * violation within {@link #forgetAfter()} of the previous one multiplies it by {@link #growthFactor()}, up to
     * {@link #max()} (never shorter than the windows themselves require).
     */
    interface Block {
        @WithDefault("2")
        double growthFactor();

        @WithDefault("1h")
        Duration max();

        @WithDefault("15m")
        Duration forgetAfter();
    }
}

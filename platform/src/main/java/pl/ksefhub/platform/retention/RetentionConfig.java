package pl.ksefhub.platform.retention;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/** How long the outbox keeps published rows and the processed-event log keeps event ids. */
@ConfigMapping(prefix = "ksef.retention")
public interface RetentionConfig {

    /** Off only for a test that counts rows; without it both tables grow for good. */
    @WithDefault("true")
    boolean enabled();

    /**
     * Rows older than this go. Longer than the topics keep their records (deploy's Kafka: 7 days): a processed-event
     * id must outlive every redelivery of its record, or a replay from the earliest offset would apply it twice.
     * A published outbox row is only kept for an operator's look back.
     */
    @WithDefault("14d")
    Duration age();

    /** How often the tables are swept. */
    @WithDefault("10m")
    Duration interval();

    /** Rows per delete statement: small, so that no sweep holds locks or a long transaction. */
    @WithDefault("1000")
    int batchSize();
}

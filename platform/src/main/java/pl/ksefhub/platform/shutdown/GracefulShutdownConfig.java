package pl.ksefhub.platform.shutdown;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;

/**
 * The bounds of the steps {@link GracefulShutdown} takes itself. Quarkus bounds the two before them:
 * {@code quarkus.shutdown.delay} (readiness DOWN, requests still served) and {@code quarkus.shutdown.timeout} (the
 * wait for in-flight requests).
 */
@ConfigMapping(prefix = "ksef.shutdown")
public interface GracefulShutdownConfig {

    /**
     * How long the Kafka consumers have to finish the records they hold, commit them and leave their groups (env
     * {@code KSEF_SHUTDOWN_CONSUMERS_TIMEOUT}). The connector itself waits up to {@code auto.commit.interval.ms}
     * (5 s) for records in processing, then closes each consumer within its {@code close-timeout}.
     */
    @WithDefault("10s")
    Duration consumersTimeout();

    /**
     * How long the outbox relay has to publish the rows still pending once nothing writes any more (env
     * {@code KSEF_SHUTDOWN_RELAY_TIMEOUT}); what it cannot publish stays in the table for the next relay.
     */
    @WithDefault("5s")
    Duration relayTimeout();
}

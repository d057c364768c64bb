package pl.ksefhub.session.availability;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The availability ("Latarnia") status: which services it watches and how it judges them. */
@ConfigMapping(prefix = "ksef.availability")
public interface AvailabilityConfig {

    /**
     * Services whose heartbeats must come (env {@code KSEF_AVAILABILITY_SERVICES}); one without a ready instance is a
     * failure. A local stack started with fewer services must name only those.
     */
    @WithDefault("session-service,invoice-service,upo-service,recurring-service")
    List<String> services();

    /**
     * Services without which no invoice can be sent at all (no authentication and sessions, no intake): one of these
     * without a ready instance is a total failure (awaria całkowita), any other a failure (awaria).
     */
    @WithDefault("session-service,invoice-service")
    List<String> criticalServices();

    /** An instance silent for this many of its own heartbeat intervals is gone. */
    @WithDefault("3")
    int missedHeartbeats();

    /**
     * After start, how long a service may stay unheard before it counts as missing; heartbeats of every service need
     * one interval to arrive. Nothing is recorded before it passed.
     */
    @WithDefault("20s")
    Duration startupGrace();

    /** How often the heartbeats are judged, failures recorded and the published messages re-read. */
    @WithDefault("2s")
    Duration evaluateInterval();

    /** An instance silent this long is forgotten (a replaced pod, a restarted process). */
    @WithDefault("10m")
    Duration forgetAfter();

    /** {@code GET /messages} lists what was published within this period, and whatever has not ended yet. */
    @WithDefault("30d")
    Duration messagesRetention();

    /**
     * The key operators send in {@code X-Operator-Key} to manage planned unavailability messages (env
     * {@code KSEF_AVAILABILITY_OPERATOR_KEY}); without one the operator endpoints refuse every request.
     */
    Optional<String> operatorKey();
}

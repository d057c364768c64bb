package pl.ksefhub.platform.heartbeat;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code ksef.platform.heartbeat.v1} on {@code ksef.platform.heartbeats} (key = instance): one instance of a service
 * says whether it is ready. Ephemeral: sent directly, not through the outbox, and not kept long.
 *
 * @param service        {@code quarkus.application.name}, e.g. {@code invoice-service}
 * @param instance       the running instance ({@link HeartbeatConfig#instanceId()})
 * @param status         {@code UP} or {@code DOWN}: the instance's SmallRye Health readiness
 * @param failingChecks  names of the readiness checks that are down (e.g. {@code database}); empty when up
 * @param sentAt         when the readiness was taken
 * @param intervalMillis the sender's heartbeat interval: silence for a few of these means the instance is gone
 */
public record Heartbeat(String service, String instance, String status, List<String> failingChecks,
                        OffsetDateTime sentAt, long intervalMillis) {

    public static final String TYPE = "ksef.platform.heartbeat.v1";
    public static final String UP = "UP";
    public static final String DOWN = "DOWN";
}

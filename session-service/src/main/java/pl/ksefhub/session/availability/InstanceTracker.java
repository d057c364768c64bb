package pl.ksefhub.session.availability;

import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.heartbeat.ServiceInstance;
import pl.ksefhub.session.availability.Assessment.Seen;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The last heartbeat of every service instance this replica heard of, in memory: each replica reads every heartbeat
 * itself, so nothing needs to be shared, and a restarted replica knows enough again after one interval.
 */
@ApplicationScoped
public class InstanceTracker {

    private final ConcurrentMap<String, Seen> instances = new ConcurrentHashMap<>();
    private final Assessment.Rules rules;
    private final AvailabilityConfig config;
    private final String self;
    private final Instant startedAt = Instant.now();

    public InstanceTracker(AvailabilityConfig config, ServiceInstance self) {
        this.config = config;
        this.rules = new Assessment.Rules(config.services(), config.criticalServices(), config.missedHeartbeats(),
                config.startupGrace());
        this.self = self.service() + "/" + self.id();
    }

    void record(ObservedHeartbeat heartbeat, Instant receivedAt) {
        instances.put(Assessment.key(heartbeat), new Seen(heartbeat, receivedAt));
    }

    /** The state now; instances silent for {@code ksef.availability.forget-after} are dropped first. */
    Assessment assess(Instant now) {
        Instant forgetBefore = now.minus(config.forgetAfter());
        instances.values().removeIf(seen -> seen.receivedAt().isBefore(forgetBefore));
        return Assessment.of(rules, List.copyOf(instances.values()), self, startedAt, now);
    }
}

package pl.ksefhub.platform.heartbeat;

import io.quarkus.runtime.StartupEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.health.SmallRyeHealth;
import io.smallrye.health.SmallRyeHealthReporter;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import pl.ksefhub.platform.shutdown.GracefulShutdown;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Announces this instance's readiness on {@code ksef.platform.heartbeats} every {@code ksef.heartbeat.interval}, so
 * that session-service can tell clients whether the platform works (the Latarnia status). The readiness is SmallRye
 * Health's own, the one {@code /q/health/ready} answers: database, broker, channels.
 *
 * <p>Heartbeats are ephemeral and go out directly ({@link HeartbeatSender}), not through the outbox: a lost one is
 * replaced by the next, and when the broker is down none arrives, which is exactly what the watcher must see.
 */
@ApplicationScoped
public class HeartbeatPublisher {

    private final SmallRyeHealthReporter health;
    private final HeartbeatSender sender;
    private final HeartbeatConfig config;
    private final ServiceInstance instance;
    private final GracefulShutdown shutdown;
    /** The scheduler may fire before the messaging channels are connected; the sender must not be created then. */
    private volatile boolean started;

    public HeartbeatPublisher(SmallRyeHealthReporter health, HeartbeatSender sender, HeartbeatConfig config,
                              ServiceInstance instance, GracefulShutdown shutdown) {
        this.health = health;
        this.sender = sender;
        this.config = config;
        this.instance = instance;
        this.shutdown = shutdown;
    }

    void started(@Observes StartupEvent startup) {
        started = true;
    }

    /**
     * Blocking on purpose: the readiness checks are awaited on the scheduler's worker thread. An instance that is
     * shutting down goes quiet rather than announce its readiness DOWN: it leaves on purpose, and the watcher
     * counts a service failed only once it has been silent for several intervals, longer than a restart takes.
     */
    @Scheduled(every = "${ksef.heartbeat.interval:5s}", concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void beat() {
        if (started && config.enabled() && !shutdown.stopping()) {
            sender.send(current());
        }
    }

    /** This instance's readiness now. */
    Heartbeat current() {
        SmallRyeHealth readiness = health.getReadiness();
        List<String> failing = new ArrayList<>();
        JsonObject payload = readiness.getPayload();
        if (payload.containsKey("checks")) {
            for (JsonValue value : payload.getJsonArray("checks")) {
                JsonObject check = value.asJsonObject();
                if (!Heartbeat.UP.equals(check.getString("status", Heartbeat.DOWN))) {
                    failing.add(check.getString("name", "?"));
                }
            }
        }
        return new Heartbeat(instance.service(), instance.id(), readiness.isDown() ? Heartbeat.DOWN : Heartbeat.UP,
                List.copyOf(failing), OffsetDateTime.now(ZoneOffset.UTC), config.interval().toMillis());
    }
}

package pl.ksefhub.platform.heartbeat;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** Every service's heartbeat on {@code ksef.platform.heartbeats}: its readiness, announced at a steady pace. */
@ConfigMapping(prefix = "ksef.heartbeat")
public interface HeartbeatConfig {

    /** Off only where nothing watches availability; session-service counts a silent service as failed. */
    @WithDefault("true")
    boolean enabled();

    /**
     * How often the service announces its readiness (env {@code KSEF_HEARTBEAT_INTERVAL}). The interval travels in
     * each heartbeat, so the watcher judges silence by the sender's own pace.
     */
    @WithDefault("5s")
    Duration interval();

    /**
     * This running instance's name (env {@code KSEF_HEARTBEAT_INSTANCE_ID}); by default the host name and the
     * process id, which is the pod name in Kubernetes and unique per process on one machine.
     */
    Optional<String> instanceId();
}

package pl.ksefhub.session.availability;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

import java.util.List;

/**
 * session-service's own reading of {@code ksef.platform.heartbeat.v1} (tolerant reader): who beat, and whether it
 * was ready. Schema: {@code platform/src/main/resources/events/ksef.platform.heartbeat.v1.json}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record ObservedHeartbeat(String service, String instance, String status, List<String> failingChecks,
                         long intervalMillis) {

    static final String TYPE = "ksef.platform.heartbeat.v1";

    boolean up() {
        return "UP".equals(status);
    }

    boolean wellFormed() {
        return service != null && !service.isBlank() && instance != null && !instance.isBlank()
                && ("UP".equals(status) || "DOWN".equals(status));
    }
}

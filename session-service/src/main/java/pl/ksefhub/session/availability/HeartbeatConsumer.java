package pl.ksefhub.session.availability;

import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.CloudEvents;

import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Reads {@code ksef.platform.heartbeats} in a consumer group of its own per running instance (channel
 * {@code availability-heartbeats}), from the newest record on: every replica must see every heartbeat, and old ones
 * say nothing about now. No processed-event log: a repeated heartbeat only repeats what is already known. Anything
 * that is not a heartbeat is skipped.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private static final Logger LOG = Logger.getLogger(HeartbeatConsumer.class);

    private final InstanceTracker tracker;
    private final ObjectMapper json;

    public HeartbeatConsumer(InstanceTracker tracker, ObjectMapper json) {
        this.tracker = tracker;
        this.json = json;
    }

    @Incoming("availability-heartbeats")
    public void onHeartbeat(ConsumerRecord<String, String> record) {
        Header type = record.headers().lastHeader(CloudEvents.TYPE);
        if (type != null && !ObservedHeartbeat.TYPE.equals(new String(type.value(), StandardCharsets.UTF_8))) {
            return;
        }
        try {
            ObservedHeartbeat heartbeat = json.readValue(record.value(), ObservedHeartbeat.class);
            if (heartbeat.wellFormed()) {
                tracker.record(heartbeat, Instant.now());
            } else {
                LOG.debugf("Skipping an incomplete heartbeat at %s-%d@%d", record.topic(), record.partition(),
                        record.offset());
            }
        } catch (Exception e) {
            LOG.debugf("Skipping an unreadable heartbeat at %s-%d@%d: %s", record.topic(), record.partition(),
                    record.offset(), e.getMessage());
        }
    }
}

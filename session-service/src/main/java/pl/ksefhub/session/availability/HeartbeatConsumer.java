package pl.ksefhub.session.availability;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;

import java.time.Instant;

/**
 * Reads {@code ksef.platform.heartbeats} in a consumer group of its own per running instance (channel
 * {@code availability-heartbeats}), from the newest record on: every replica must see every heartbeat, and old ones
 * say nothing about now. An in-memory consumer ({@link EventConsumer#consumeInMemory}): no processed-event log (a
 * repeated heartbeat only repeats what is already known), and an unusable one is logged and skipped.
 */
@ApplicationScoped
public class HeartbeatConsumer {

    private final InstanceTracker tracker;
    private final EventConsumer consumer;

    public HeartbeatConsumer(InstanceTracker tracker, EventConsumer consumer) {
        this.tracker = tracker;
        this.consumer = consumer;
    }

    @Incoming("availability-heartbeats")
    public void onHeartbeat(ConsumerRecord<String, String> record) {
        consumer.consumeInMemory(record, HeartbeatConsumer::read, heartbeat -> tracker.record(heartbeat,
                Instant.now()));
    }

    private static ObservedHeartbeat read(EventEnvelope event) {
        if (!ObservedHeartbeat.TYPE.equals(event.type())) {
            return null;
        }
        ObservedHeartbeat heartbeat = event.as(ObservedHeartbeat.class);
        if (!heartbeat.wellFormed()) {
            throw new EventEnvelope.MalformedEventException("heartbeat without service, instance or status");
        }
        return heartbeat;
    }
}

package pl.ksefhub.platform.heartbeat;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.eclipse.microprofile.reactive.messaging.OnOverflow;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.CloudEvents;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * Puts a heartbeat on {@code ksef.platform.heartbeats} (channel {@code ksef-heartbeats}, configured in the platform's
 * {@code META-INF/microprofile-config.properties}) with CloudEvents headers, key = the instance. Fire and forget:
 * a heartbeat that does not get through is replaced by the next one, and when the channel cannot keep up heartbeats
 * are dropped rather than queued.
 */
@ApplicationScoped
public class HeartbeatSender {

    private static final Logger LOG = Logger.getLogger(HeartbeatSender.class);

    private final MutinyEmitter<String> emitter;
    private final ObjectMapper json;

    public HeartbeatSender(@Channel("ksef-heartbeats") @OnOverflow(OnOverflow.Strategy.DROP)
                           MutinyEmitter<String> emitter, ObjectMapper json) {
        this.emitter = emitter;
        this.json = json;
    }

    void send(Heartbeat heartbeat) {
        try {
            emitter.sendMessage(message(heartbeat)).subscribe().with(
                    sent -> LOG.tracef("Heartbeat %s sent", heartbeat.status()),
                    failure -> LOG.debugf("Heartbeat not sent: %s", failure.getMessage()));
        } catch (RuntimeException e) {
            // Emitter cancelled or overflowing while the broker is away: the next beat tries again.
            LOG.debugf("Heartbeat not sent: %s", e.getMessage());
        }
    }

    private Message<String> message(Heartbeat heartbeat) {
        String value;
        try {
            value = json.writeValueAsString(heartbeat);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        RecordHeaders headers = new RecordHeaders();
        header(headers, CloudEvents.SPEC_VERSION, "1.0");
        header(headers, CloudEvents.ID, UUID.randomUUID().toString());
        header(headers, CloudEvents.TYPE, Heartbeat.TYPE);
        header(headers, CloudEvents.SOURCE, "/" + heartbeat.service());
        header(headers, CloudEvents.SUBJECT, heartbeat.instance());
        header(headers, CloudEvents.TIME, heartbeat.sentAt().toString());
        header(headers, CloudEvents.CONTENT_TYPE, "application/json");
        return Message.of(value).addMetadata(OutgoingKafkaRecordMetadata.<String>builder()
                .withKey(heartbeat.instance())
                .withHeaders(headers)
                .build());
    }

    private static void header(RecordHeaders headers, String name, String value) {
        headers.add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}

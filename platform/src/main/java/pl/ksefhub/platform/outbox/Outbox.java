package pl.ksefhub.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.UUID;

/**
 * Writes an event into the {@code outbox_event} table through the caller's Hibernate Reactive session, so the
 * event commits or rolls back with the state change it announces. {@link OutboxRelay} publishes it afterwards.
 * Call it only inside a transaction ({@code @WithTransaction} on the service method).
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into outbox_event (event_id, topic, record_key, event_type, payload)"
            + " values (:eventId, :topic, :recordKey, :eventType, :payload)";

    private final ObjectMapper json;

    public Outbox(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param topic   Kafka topic, e.g. {@code ksef.session.events}
     * @param key     the aggregate's reference number (session reference for session and invoice events)
     * @param type    CloudEvents type, e.g. {@code ksef.session.opened.v1}
     * @param payload the event record, serialised as JSON
     * @return the event id ({@code ce_id})
     */
    public Uni<String> enqueue(String topic, String key, String type, Object payload) {
        String eventId = UUID.randomUUID().toString();
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().failure(new IllegalArgumentException("Event not serialisable: " + type, e));
        }
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("eventId", eventId)
                        .setParameter("topic", topic)
                        .setParameter("recordKey", key)
                        .setParameter("eventType", type)
                        .setParameter("payload", body)
                        .executeUpdate())
                .replaceWith(eventId);
    }
}

package pl.ksefhub.platform.outbox;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.sql.MultiRowInsert;
import pl.ksefhub.platform.tracing.Traceparents;

import java.util.List;
import java.util.UUID;

/**
 * Writes an event into the {@code outbox_event} table through the caller's Hibernate Reactive session, so the
 * event commits or rolls back with the state change it announces. {@link OutboxRelay} publishes it afterwards.
 * Call it only inside a transaction ({@code @WithTransaction} on the service method). A hot path that writes its
 * state change in one statement of its own can write the event in that statement instead ({@link #row}).
 *
 * <p>Each row keeps the {@code traceparent} of the span that caused it (the current one, unless an event says
 * otherwise), so that the relay's record continues that trace in its consumers: a trace goes through the outbox.
 */
@ApplicationScoped
public class Outbox {

    private static final String INSERT = "insert into outbox_event (event_id, topic, record_key, event_type, payload,"
            + " traceparent) values (:eventId, :topic, :recordKey, :eventType, :payload, :traceparent)";

    private final ObjectMapper json;
    private final OutboxSignal signal;

    public Outbox(ObjectMapper json, OutboxSignal signal) {
        this.json = json;
        this.signal = signal;
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
                        .setParameter("traceparent", Traceparents.current())
                        .executeUpdate())
                .invoke(signal::enqueued)
                .replaceWith(eventId);
    }

    /**
     * The columns of an {@link EventRow}, in its order: for a statement of the caller's own that writes a state
     * change and its event at once ({@code insert into outbox_event (COLUMNS) select ...} as a member of a CTE).
     */
    public static final String COLUMNS = "event_id, topic, record_key, event_type, payload, traceparent";

    /**
     * One event as {@link #COLUMNS} stores it, for a hot path that writes its state change and the event in one
     * statement: a statement is atomic on its own, so they commit together in one round trip, with no transaction
     * around it. Call {@link #written()} once the statement has run.
     *
     * @throws IllegalArgumentException when the payload is not serialisable
     */
    public EventRow row(String topic, String key, String type, Object payload) {
        return new EventRow(UUID.randomUUID().toString(), topic, key, type, serialise(type, payload),
                Traceparents.current());
    }

    /** After a statement with {@link #row} rows committed: the relay polls at its fast interval again. */
    public void written() {
        signal.enqueued();
    }

    /** A row of {@code outbox_event}, in {@link #COLUMNS} order. */
    public record EventRow(String eventId, String topic, String key, String type, String payload,
                           String traceparent) {
    }

    private static final String FORGET = "delete from outbox_event where record_key = :recordKey";

    /**
     * Inside a transaction: deletes every outbox row of this key, sent or not. For an aggregate that is being erased
     * ({@code DELETE /sessions/{ref}}): its sent rows still hold its data (payloads), and an unsent one announces a
     * state that no longer exists. Call it before enqueueing the event that announces the erasure.
     *
     * @return how many rows went
     */
    public Uni<Integer> forget(String key) {
        return Panache.getSession().chain(session -> session.createNativeQuery(FORGET)
                .setParameter("recordKey", key)
                .executeUpdate());
    }

    /**
     * One event for {@link #enqueueAll}.
     *
     * @param traceparent the trace it continues: the span current where the event is made, unless given (a batch
     *                    that causes events of several traces gives each its own); null for none
     */
    public record PendingEvent(String topic, String key, String type, Object payload, String traceparent) {

        public PendingEvent(String topic, String key, String type, Object payload) {
            this(topic, key, type, payload, Traceparents.current());
        }
    }

    private static final MultiRowInsert<EventRow> INSERT_ALL = MultiRowInsert.<EventRow>into("outbox_event")
            .text("event_id", EventRow::eventId)
            .text("topic", EventRow::topic)
            .text("record_key", EventRow::key)
            .text("event_type", EventRow::type)
            .text("payload", EventRow::payload)
            .text("traceparent", EventRow::traceparent)
            .build();

    /**
     * Inside a transaction: many events in one statement, in list order (the rows' ids follow it, and the relay
     * publishes in id order): what a consumer of batches needs instead of one round trip per event.
     */
    public Uni<Void> enqueueAll(List<PendingEvent> events) {
        if (events.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<EventRow> rows;
        try {
            rows = events.stream().map(event -> new EventRow(UUID.randomUUID().toString(), event.topic(), event.key(),
                    event.type(), serialise(event.type(), event.payload()), event.traceparent())).toList();
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        return Panache.getSession().chain(session -> INSERT_ALL.insert(session, rows))
                .invoke(signal::enqueued).replaceWithVoid();
    }

    private String serialise(String type, Object payload) {
        try {
            return json.writeValueAsString(payload);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event not serialisable: " + type, e);
        }
    }
}

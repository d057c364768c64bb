package pl.ksefhub.upo.generation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Many rows of the platform's {@code processed_event} and {@code outbox_event} tables in one statement each, with
 * the same meaning as {@code ProcessedEvents.firstTime} and {@code Outbox.enqueue}: a batch of 500 invoice events
 * then costs two round trips instead of a thousand, which is what matters on a busy machine where every round trip
 * waits for a CPU.
 *
 * <p>A local stand-in: the platform has no bulk variants yet (requested); when it does, this class goes.
 */
@ApplicationScoped
public class BatchStatements {

    /** Rows per statement: PostgreSQL takes at most 65,535 parameters. */
    private static final int CHUNK = 1000;

    private final ObjectMapper json;

    public BatchStatements(ObjectMapper json) {
        this.json = json;
    }

    /** Inside a transaction: the event ids this consumer sees for the first time (recorded as seen). */
    public Uni<Set<String>> firstTimes(String consumer, List<String> eventIds) {
        List<String> distinct = List.copyOf(new java.util.LinkedHashSet<>(eventIds));
        Set<String> fresh = new HashSet<>();
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int from = 0; from < distinct.size(); from += CHUNK) {
            List<String> chunk = distinct.subList(from, Math.min(distinct.size(), from + CHUNK));
            all = all.chain(() -> firstTimesChunk(consumer, chunk).invoke(fresh::addAll)).replaceWithVoid();
        }
        return all.replaceWith(fresh);
    }

    private Uni<List<String>> firstTimesChunk(String consumer, List<String> eventIds) {
        StringBuilder sql = new StringBuilder("insert into processed_event (consumer, event_id) values ");
        for (int i = 0; i < eventIds.size(); i++) {
            sql.append(i == 0 ? "" : ", ").append("(:consumer, :e").append(i).append(')');
        }
        sql.append(" on conflict do nothing returning event_id");
        return session().chain(session -> {
            Mutiny.SelectionQuery<String> query = session.createNativeQuery(sql.toString(), String.class);
            query.setParameter("consumer", consumer);
            for (int i = 0; i < eventIds.size(); i++) {
                query.setParameter("e" + i, eventIds.get(i));
            }
            return query.getResultList();
        });
    }

    /** One outbox row for the relay to publish. */
    public record OutboxEvent(String topic, String key, String type, Object payload) {
    }

    /** Inside a transaction: the events into the outbox, in list order (the relay publishes in that order). */
    public Uni<Void> enqueueAll(List<OutboxEvent> events) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (int from = 0; from < events.size(); from += CHUNK / 5) {
            List<OutboxEvent> chunk = events.subList(from, Math.min(events.size(), from + CHUNK / 5));
            all = all.chain(() -> enqueueChunk(chunk));
        }
        return all;
    }

    private Uni<Void> enqueueChunk(List<OutboxEvent> events) {
        StringBuilder sql = new StringBuilder(
                "insert into outbox_event (event_id, topic, record_key, event_type, payload) values ");
        for (int i = 0; i < events.size(); i++) {
            sql.append(i == 0 ? "" : ", ")
                    .append("(:i").append(i).append(", :t").append(i).append(", :k").append(i)
                    .append(", :y").append(i).append(", :p").append(i).append(')');
        }
        return session().chain(session -> {
            Mutiny.MutationQuery query = session.createNativeQuery(sql.toString());
            for (int i = 0; i < events.size(); i++) {
                OutboxEvent event = events.get(i);
                query.setParameter("i" + i, UUID.randomUUID().toString());
                query.setParameter("t" + i, event.topic());
                query.setParameter("k" + i, event.key());
                query.setParameter("y" + i, event.type());
                query.setParameter("p" + i, serialise(event));
            }
            return query.executeUpdate();
        }).replaceWithVoid();
    }

    private String serialise(OutboxEvent event) {
        try {
            return json.writeValueAsString(event.payload());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("Event not serialisable: " + event.type(), e);
        }
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}

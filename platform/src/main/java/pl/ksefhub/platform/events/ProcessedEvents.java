package pl.ksefhub.platform.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * Idempotent consumers: the event id is recorded in {@code processed_event} in the same transaction as the effect,
 * so a redelivered event (relay retry, consumer rebalance) changes nothing the second time.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String INSERT = "insert into processed_event (consumer, event_id) values (:consumer, :eventId)"
            + " on conflict do nothing";

    /**
     * Runs the effect once per (consumer, event id), in one transaction with the record of it.
     *
     * @param consumer a stable name of the consuming handler
     * @throws EventEnvelope.MalformedEventException for a record that is not a well-formed event
     */
    public Uni<Void> handleOnce(String consumer, ConsumerRecord<String, String> record,
                                Function<EventEnvelope, Uni<Void>> effect) {
        EventEnvelope event = EventEnvelope.of(record);
        return Panache.withTransaction(() -> firstTime(consumer, event.id())
                .chain(first -> first ? effect.apply(event) : Uni.createFrom().voidItem()));
    }

    /** Rows per statement: PostgreSQL takes at most 65,535 parameters. */
    private static final int CHUNK = 1000;

    /**
     * Inside a transaction: which of these event ids this consumer sees for the first time (now recorded as seen),
     * in one statement per thousand ids — what a consumer of batches needs instead of one round trip per event.
     */
    public Uni<Set<String>> firstTimes(String consumer, List<String> eventIds) {
        List<String> distinct = new ArrayList<>(new LinkedHashSet<>(eventIds));
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
        return Panache.getSession().chain(session -> {
            var query = session.createNativeQuery(sql.toString(), String.class);
            query.setParameter("consumer", consumer);
            for (int i = 0; i < eventIds.size(); i++) {
                query.setParameter("e" + i, eventIds.get(i));
            }
            return query.getResultList();
        });
    }

    /** Inside a transaction: true the first time this consumer sees this event id. */
    public Uni<Boolean> firstTime(String consumer, String eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", eventId)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }
}

package pl.ksefhub.platform.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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
    private static final String FIRST_TIMES = "insert into processed_event (consumer, event_id)"
            + " select :consumer, unnest(cast(:eventIds as text[])) on conflict do nothing returning event_id";

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

    /**
     * Inside a transaction: which of these event ids this consumer sees for the first time (now recorded as seen),
     * in one statement — what a consumer of batches needs instead of one round trip per event.
     */
    public Uni<Set<String>> firstTimes(String consumer, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        String[] distinct = new LinkedHashSet<>(eventIds).toArray(String[]::new);
        // The ids go as one array: one statement text for every batch size, however large.
        return Panache.getSession().chain(session -> session.createNativeQuery(FIRST_TIMES, String.class)
                        .setParameter("consumer", consumer)
                        .setParameter("eventIds", distinct)
                        .getResultList())
                .map(HashSet::new);
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

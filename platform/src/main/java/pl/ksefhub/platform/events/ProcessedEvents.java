package pl.ksefhub.platform.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;

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

    /** Inside a transaction: true the first time this consumer sees this event id. */
    public Uni<Boolean> firstTime(String consumer, String eventId) {
        return Panache.getSession().chain(session -> session.createNativeQuery(INSERT)
                        .setParameter("consumer", consumer)
                        .setParameter("eventId", eventId)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }
}

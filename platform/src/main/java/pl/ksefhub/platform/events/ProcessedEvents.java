package pl.ksefhub.platform.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Idempotent consumers: the event id is recorded in {@code processed_event} in the same transaction as the effect,
 * so a redelivered event (relay retry, consumer rebalance) changes nothing the second time. Consumers use it
 * through {@link EventConsumer}.
 */
@ApplicationScoped
public class ProcessedEvents {

    private static final String RECORD_ALL = "insert into processed_event (consumer, event_id)"
            + " select :consumer, unnest(cast(:eventIds as text[])) on conflict do nothing";
    /** The rows this transaction inserted: xmin is the inserting transaction's id (its low 32 bits). */
    private static final String RECORDED_NOW = "select event_id from processed_event"
            + " where consumer = :consumer and event_id = any(cast(:eventIds as text[]))"
            + " and xmin::text = (txid_current() % 4294967296)::text";

    /**
     * Inside a transaction: which of these event ids this consumer sees for the first time (now recorded as seen),
     * in one statement — what a consumer of batches needs instead of one round trip per event. Once per
     * transaction and consumer: ids this transaction recorded before count as new again when a batch repeats them.
     */
    public Uni<Set<String>> firstTimes(String consumer, List<String> eventIds) {
        if (eventIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        String[] distinct = new LinkedHashSet<>(eventIds).toArray(String[]::new);
        // An update, not a select: Hibernate reuses the plan of a native update, never that of a native scalar
        // select (every call adds one to its plan cache). The ids go as one array: one statement for any batch.
        return Panache.getSession().chain(session -> session.createNativeQuery(RECORD_ALL)
                .setParameter("consumer", consumer)
                .setParameter("eventIds", distinct)
                .executeUpdate()
                .chain(inserted -> {
                    if (inserted == distinct.length) {
                        return Uni.createFrom().item(new HashSet<>(Arrays.asList(distinct)));
                    }
                    if (inserted == 0) {
                        return Uni.createFrom().item(new HashSet<>());
                    }
                    // Some were seen before (a redelivery): the new ones are the rows this transaction inserted.
                    return session.createNativeQuery(RECORDED_NOW, String.class)
                            .setParameter("consumer", consumer)
                            .setParameter("eventIds", distinct)
                            .getResultList()
                            .map(HashSet::new);
                }));
    }
}

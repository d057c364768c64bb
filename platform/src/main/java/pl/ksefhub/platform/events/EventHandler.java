package pl.ksefhub.platform.events;

import io.smallrye.mutiny.Uni;

import java.util.List;

/**
 * One consumer's own part of consuming ({@link EventConsumer} does the rest): which events it reads, the record of
 * the fields it needs, and their effect. Every method but {@link #read} runs only for events this consumer reads.
 *
 * @param <T> the consumer's own record of an event (tolerant reader: the fields it needs, checked)
 */
public interface EventHandler<T> {

    /** The consumer's stable name in {@code processed_event}: renaming it replays every retained event. */
    String consumer();

    /**
     * Reads the event into this consumer's record and checks its required fields: pure, no I/O.
     *
     * @return null for an event that is none of this consumer's business (skipped, its id not recorded)
     * @throws EventEnvelope.MalformedEventException (or any exception) for an event this consumer reads but cannot
     *                                               use: the record goes to the dead-letter topic with the reason
     */
    T read(EventEnvelope event);

    /**
     * Outside any transaction, before the effect: CPU work such as signing, for every read event of a batch in
     * parallel (also for a repeat, which is only recognised in the transaction). Default: nothing to prepare.
     */
    default Uni<T> prepare(T event) {
        return Uni.createFrom().item(event);
    }

    /** Inside the transaction that records the event's id: the effect of one event seen for the first time. */
    Uni<Void> apply(T event);

    /**
     * Inside the transaction that records their ids: the effect of the events seen for the first time, in partition
     * order. Override where a batch costs less together (one statement for many rows); it must also work for one.
     */
    default Uni<Void> applyAll(List<T> events) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (T event : events) {
            all = all.chain(() -> apply(event));
        }
        return all;
    }

    /** After the commit of {@link #applyAll}: what to tell the rest of the service (in memory, must not fail). */
    default void committed(List<T> events) {
    }
}

package pl.ksefhub.platform.events;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.tracing.LogFields;
import pl.ksefhub.platform.tracing.Tracing;
import pl.ksefhub.platform.tracing.Tracing.Consumption;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * The one way every Kafka consumer of every service consumes, batch or single record: parse, check the record's
 * required fields, skip what is not for this consumer, record its id once ({@link ProcessedEvents}), apply, commit.
 * Each consumer brings its own part, an {@link EventHandler}: its record types and its effects.
 *
 * <p>One rule for failures ({@link Faults}): a fault of the record itself goes to {@code <topic>.dlq} with the
 * reason ({@link DeadLetters}); a transient fault (database, broker, timeouts) is retried with back-off for as long
 * as it lasts, and the partition waits (the returned {@code Uni} completes only then, so the connector commits
 * nothing past it). A batch whose transaction fails for a record's fault is applied again one transaction per
 * record to find the culprit, so a poison record never takes its valid neighbours to the dead-letter topic.
 *
 * <p>Each record read is a {@code CONSUMER} span, the child of its {@code traceparent} header ({@link Tracing}):
 * current while the handler reads it and, for a batch of one, while it applies it, with the event's log fields.
 * In a larger batch the handler passes {@link EventEnvelope#traceparent} on to the events it causes.
 *
 * <p>Call it from the {@code @Incoming} method, on the connector's Vert.x context: every try runs there, as
 * Hibernate Reactive requires.
 */
@ApplicationScoped
public class EventConsumer {

    private static final Logger LOG = Logger.getLogger(EventConsumer.class);

    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;
    private final ConsumptionConfig config;
    private final MeterRegistry metrics;
    private final Tracing tracing;
    /**
     * {@link #DEAD_LETTERS} per topic and consumer, registered at 0 with the first record read: Prometheus'
     * {@code increase()} would miss a first dead letter on a counter that only appears with it.
     */
    private final ConcurrentMap<String, Counter> deadLetterCounters = new ConcurrentHashMap<>();

    public EventConsumer(ProcessedEvents processed, DeadLetters deadLetters, ConsumptionConfig config,
                         MeterRegistry metrics, Tracing tracing) {
        this.tracing = tracing;
        this.processed = processed;
        this.deadLetters = deadLetters;
        this.config = config;
        this.metrics = metrics;
    }

    /** Tries that met a transient fault and wait to go again: a consumer that counts up is stuck on an outage. */
    public static final String WAITS = "ksef.consumer.waits";
    /** Records moved to their dead-letter topic, tagged with the topic they came from and the consumer. */
    public static final String DEAD_LETTERS = "ksef.dead.letters";

    /** A record this consumer reads: where it came from, its event id and the consumer's record of it. */
    private record Read<T>(ConsumerRecord<String, String> record, String eventId, T event, Consumption span) {
    }

    /** A record that goes to the dead-letter topic, and why. */
    private record Dead(ConsumerRecord<String, String> record, Throwable reason, Consumption span) {
    }

    /** One record (a channel without {@code batch=true}). */
    public <T> Uni<Void> consume(ConsumerRecord<String, String> record, EventHandler<T> handler) {
        return consume(List.of(record), handler);
    }

    /**
     * Whatever one poll returned (a channel with {@code batch=true}): one transaction for all of it.
     *
     * <p>What fails past the paths above (a {@code LinkageError}, say, from a service built against another
     * platform) is logged with its cause here: the channel's failure strategy then moves the records to their
     * dead-letter topic with a one-line notice that does not say why.
     */
    public <T> Uni<Void> consume(Iterable<ConsumerRecord<String, String>> records, EventHandler<T> handler) {
        return Uni.createFrom().deferred(() -> consumeAll(records, handler))
                .onFailure().invoke(failure -> LOG.errorf(failure, "%s could not take a poll's records",
                        handler.consumer()));
    }

    private <T> Uni<Void> consumeAll(Iterable<ConsumerRecord<String, String>> records, EventHandler<T> handler) {
        Context context = Vertx.currentContext();
        List<Read<T>> reads = new ArrayList<>();
        List<Dead> dead = new ArrayList<>();
        List<Consumption> spans = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            deadLetterCounter(record.topic(), handler.consumer());
            Consumption span = tracing.consuming(record, handler.consumer());
            try {
                EventEnvelope event = EventEnvelope.of(record, span.traceparent());
                span.read(event.id(), event.type(), LogFields.of(record.key(), event.payload()));
                T read;
                try (var scope = span.enter()) {
                    read = handler.read(event);
                }
                if (read != null) {
                    reads.add(new Read<>(record, event.id(), read, span));
                    spans.add(span);
                }
                // A record of no interest: its span is left unended, so never exported; the trace shows only the
                // consumers that acted.
            } catch (RuntimeException e) {
                // read is pure: whatever it throws is about the record, and would be thrown again.
                dead.add(new Dead(record, e, span));
                spans.add(span);
            }
        }
        if (reads.isEmpty() && dead.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return prepare(reads, handler, dead, context)
                .chain(ready -> applyBatch(ready, handler, context))
                .chain(() -> deadLetter(dead, handler.consumer(), context))
                .onTermination().invoke(() -> spans.forEach(Consumption::end));
    }

    /**
     * A consumer whose effect is in memory and must happen in every running instance (a consumer group per
     * instance, reading from the beginning): no {@code processed_event} (repeating the effect changes nothing) and
     * no dead-letter topic (every replica would dead-letter the same record again); a record it cannot use is
     * logged and skipped.
     *
     * @param read as {@link EventHandler#read}: null for an event of no interest
     */
    public <T> void consumeInMemory(ConsumerRecord<String, String> record, Function<EventEnvelope, T> read,
                                    Consumer<T> effect) {
        try {
            T event = read.apply(EventEnvelope.of(record));
            if (event != null) {
                effect.accept(event);
            }
        } catch (RuntimeException e) {
            LOG.errorf("Skipping unusable %s-%d@%d: %s", record.topic(), record.partition(), record.offset(),
                    e.getMessage());
        }
    }

    private <T> Uni<List<Read<T>>> prepare(List<Read<T>> reads, EventHandler<T> handler, List<Dead> dead,
                                           Context context) {
        if (reads.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        List<Uni<Read<T>>> preparing = new ArrayList<>(reads.size());
        for (Read<T> read : reads) {
            preparing.add(untilThrough(() -> handler.prepare(read.event()), read.record(), handler.consumer(),
                            context)
                    .map(prepared -> new Read<>(read.record(), read.eventId(), prepared, read.span()))
                    .onFailure().recoverWithItem(e -> {
                        dead.add(new Dead(read.record(), e, read.span()));
                        return null;
                    }));
        }
        return Uni.join().all(preparing).andFailFast()
                .map(prepared -> prepared.stream().filter(Objects::nonNull).toList());
    }

    private <T> Uni<Void> applyBatch(List<Read<T>> reads, EventHandler<T> handler, Context context) {
        if (reads.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        return untilThrough(() -> traced(reads, handler), reads.get(0).record(), handler.consumer(), context)
                .onFailure().recoverWithUni(failure -> {
                    if (reads.size() == 1) {
                        return deadLetter(List.of(new Dead(reads.get(0).record(), failure, reads.get(0).span())),
                                handler.consumer(), context);
                    }
                    LOG.infof("A batch of %d records of %s failed (%s); one transaction each now", reads.size(),
                            handler.consumer(), failure.getMessage());
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Read<T> read : reads) {
                        all = all.chain(() -> untilThrough(() -> traced(List.of(read), handler), read.record(),
                                handler.consumer(), context)
                                .onFailure().recoverWithUni(e -> deadLetter(List.of(new Dead(read.record(), e,
                                        read.span())), handler.consumer(), context)));
                    }
                    return all;
                });
    }

    /** {@link #once}, inside the record's span when it is one record (a batch has no one trace to be in). */
    private <T> Uni<Void> traced(List<Read<T>> reads, EventHandler<T> handler) {
        return reads.size() == 1 ? Tracing.within(reads.get(0).span(), () -> once(reads, handler))
                : once(reads, handler);
    }

    /** One transaction: the ids recorded, the effect of the first-seen ones, then (committed) their announcement. */
    private <T> Uni<Void> once(List<Read<T>> reads, EventHandler<T> handler) {
        return Panache.withTransaction(() -> processed.firstTimes(handler.consumer(),
                        reads.stream().map(Read::eventId).toList())
                .chain(fresh -> {
                    Set<String> pending = new HashSet<>(fresh);
                    // In partition order; a repeat inside the batch is skipped (removed on its first occurrence).
                    List<T> firstSeen = reads.stream().filter(read -> pending.remove(read.eventId()))
                            .map(Read::event).toList();
                    return firstSeen.isEmpty() ? Uni.createFrom().item(firstSeen)
                            : handler.applyAll(firstSeen).replaceWith(firstSeen);
                }))
                .invoke(handler::committed)
                .replaceWithVoid();
    }

    private Uni<Void> deadLetter(List<Dead> dead, String consumer, Context context) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Dead d : dead) {
            // The broker being away is transient too: the record waits for it, never lost.
            all = all.chain(() -> retried(() -> deadLetters.send(d.record(), d.reason()), d.record(), consumer,
                    context, failure -> true)
                    .invoke(() -> {
                        d.span().failed(d.reason());
                        deadLetterCounter(d.record().topic(), consumer).increment();
                    }));
        }
        return all;
    }

    /** Tries until it succeeds or fails for the record's own fault (that failure is passed on). */
    private <R> Uni<R> untilThrough(Supplier<Uni<R>> attempt, ConsumerRecord<String, String> record,
                                    String consumer, Context context) {
        return retried(attempt, record, consumer, context, Faults::isTransient);
    }

    private <R> Uni<R> retried(Supplier<Uni<R>> attempt, ConsumerRecord<String, String> record, String consumer,
                               Context context, Predicate<Throwable> retry) {
        Uni<R> tried = Uni.createFrom().deferred(attempt::get);
        if (context != null) {
            // Every try, retries included, on the connector's context: Hibernate Reactive needs its own thread.
            tried = tried.runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()));
        }
        return tried
                .onFailure(retry).invoke(e -> {
                    counter(WAITS, consumer).increment();
                    LOG.warnf("%s at %s-%d@%d waits for a transient fault to pass: %s", consumer, record.topic(),
                            record.partition(), record.offset(), String.valueOf(e));
                })
                .onFailure(retry).retry()
                .withBackOff(config.retryBackoff(), config.maxRetryBackoff()).indefinitely();
    }

    private Counter deadLetterCounter(String topic, String consumer) {
        return deadLetterCounters.computeIfAbsent(topic + '\n' + consumer, key -> Counter.builder(DEAD_LETTERS)
                .description("Records moved to their dead-letter topic")
                .tag("topic", topic).tag("consumer", consumer).register(metrics));
    }

    private Counter counter(String name, String consumer) {
        return Counter.builder(name).tag("consumer", consumer).register(metrics);
    }
}

package pl.ksefhub.upo.generation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.impl.NoStackTraceThrowable;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.FlushMode;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.CloudEvents;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.DeadLetters;
import pl.ksefhub.platform.events.ProcessedEvents;
import pl.ksefhub.platform.outbox.Outbox;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * {@code ksef.invoice.events}: {@code invoice.accepted} → projection + invoice UPO; {@code session.invoices-settled}
 * → session UPO; anything else on the topic is none of this service's business.
 *
 * <p>Records come in batches (whatever one poll returned) so that a burst of invoices costs one transaction, not
 * one each, and their UPOs are signed in parallel: this is what keeps UPO generation ahead of invoice intake on two
 * cores. Per record it stays exactly-once: each event id goes through {@link ProcessedEvents#firstTime} in the
 * batch's transaction, in partition order. A record that cannot be handled (malformed, or contradicting what is
 * known) goes to {@code ksef.invoice.events.dlq} with the reason and never blocks the partition; when the batch's
 * transaction fails, its records are retried one transaction each to find the culprit. A failure of the database
 * or broker itself is no fault of the records: the batch is retried with back-off until it goes through.
 */
@ApplicationScoped
public class InvoiceEventsConsumer {

    private static final Logger LOG = Logger.getLogger(InvoiceEventsConsumer.class);
    static final String CONSUMER = "upo-service.invoice-events";
    static final String INVOICE_ACCEPTED = "ksef.invoice.accepted.v1";
    static final String INVOICES_SETTLED = "ksef.session.invoices-settled.v1";
    private static final Set<String> HANDLED = Set.of(INVOICE_ACCEPTED, INVOICES_SETTLED);

    private final ProcessedEvents processedEvents;
    private final UpoGeneration generation;
    private final DeadLetters deadLetters;
    private final Outbox outbox;

    public InvoiceEventsConsumer(ProcessedEvents processedEvents, UpoGeneration generation,
                                 DeadLetters deadLetters, Outbox outbox) {
        this.processedEvents = processedEvents;
        this.generation = generation;
        this.deadLetters = deadLetters;
        this.outbox = outbox;
    }

    /** One handled record: its event, and for an accepted invoice the signed UPO once prepared. */
    private static final class Step {
        final ConsumerRecord<String, String> record;
        final String eventId;
        final InvoiceAccepted accepted;
        final InvoicesSettled settled;
        UpoGeneration.PreparedInvoiceUpo prepared;

        Step(ConsumerRecord<String, String> record, String eventId, InvoiceAccepted accepted,
             InvoicesSettled settled) {
            this.record = record;
            this.eventId = eventId;
            this.accepted = accepted;
            this.settled = settled;
        }
    }

    private record Dead(ConsumerRecord<String, String> record, Throwable reason) {
    }

    @Incoming("invoice-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        List<Step> steps = new ArrayList<>();
        List<Dead> dead = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            String type = header(record, CloudEvents.TYPE);
            if (type != null && !HANDLED.contains(type)) {
                continue;
            }
            try {
                steps.add(parse(record));
            } catch (RuntimeException e) {
                dead.add(new Dead(record, e));
            }
        }
        if (steps.isEmpty() && dead.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Context context = Vertx.currentContext();
        return Uni.createFrom().deferred(() -> handle(steps, dead))
                // Every attempt, retries included, on this context: Hibernate Reactive needs it. Only failures of
                // the database or the broker get here (see isTheRecordsFault): retrying is the cure.
                .runSubscriptionOn(task -> context.runOnContext(ignored -> task.run()))
                .onFailure().invoke(e -> LOG.warnf("Invoice events not handled, retrying: %s", e.toString()))
                .onFailure().retry().withBackOff(Duration.ofMillis(500), Duration.ofSeconds(30)).indefinitely();
    }

    private static Step parse(ConsumerRecord<String, String> record) {
        EventEnvelope event = EventEnvelope.of(record);
        return switch (event.type()) {
            case INVOICE_ACCEPTED -> new Step(record, event.id(),
                    UpoGeneration.checked(event.as(InvoiceAccepted.class)), null);
            case INVOICES_SETTLED -> new Step(record, event.id(), null,
                    UpoGeneration.checked(event.as(InvoicesSettled.class)));
            default -> throw new MalformedEventException("unexpected type " + event.type());
        };
    }

    private Uni<Void> handle(List<Step> steps, List<Dead> unparsable) {
        List<Dead> dead = new ArrayList<>(unparsable);
        long start = System.nanoTime();
        return prepare(steps, dead)
                .chain(ready -> inOneTransaction(ready)
                        .invoke(() -> LOG.debugf("%d invoice events handled in %d ms", ready.size(),
                                (System.nanoTime() - start) / 1_000_000))
                        .onFailure().recoverWithUni(e -> {
                            LOG.infof("Batch of %d invoice events failed (%s); one transaction each now",
                                    ready.size(), e.toString());
                            return oneByOne(ready, dead);
                        }))
                .chain(() -> Multi.createFrom().iterable(dead)
                        .onItem().transformToUniAndConcatenate(d -> deadLetters.send(d.record(), d.reason()))
                        .collect().last())
                .replaceWithVoid();
    }

    /** Signs the invoice UPOs of the batch in parallel on worker threads; a step that cannot be signed is dead. */
    private Uni<List<Step>> prepare(List<Step> steps, List<Dead> dead) {
        List<Uni<Step>> signing = new ArrayList<>();
        for (Step step : steps) {
            if (step.accepted == null || step.prepared != null) {
                signing.add(Uni.createFrom().item(step));
                continue;
            }
            signing.add(Offload.onWorker(() -> generation.prepareInvoiceUpo(step.accepted))
                    .map(prepared -> {
                        step.prepared = prepared;
                        return step;
                    })
                    .onFailure().recoverWithItem(e -> {
                        dead.add(new Dead(step.record, e));
                        return null;
                    }));
        }
        if (signing.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return Uni.join().all(signing).andFailFast()
                .map(prepared -> prepared.stream().filter(Objects::nonNull).toList());
    }

    /**
     * The whole batch in one transaction, with a handful of statements whatever its size: the event ids and the
     * existing UPOs are looked up in bulk, the new rows are flushed at commit only (in JDBC batches, not before each
     * statement, which would dirty-check the batch's UPOs again and again), and the {@code upo.generated} events go
     * into the outbox together, before a session UPO's so that the relay keeps their order.
     */
    private Uni<Void> inOneTransaction(List<Step> steps) {
        if (steps.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<String> eventIds = steps.stream().map(step -> step.eventId).toList();
        List<String> invoiceRefs = steps.stream().filter(step -> step.accepted != null)
                .map(step -> step.accepted.invoiceReferenceNumber()).toList();
        return Panache.withTransaction(() -> Panache.getSession()
                .invoke(session -> session.setFlushMode(FlushMode.COMMIT))
                .chain(() -> processedEvents.firstTimes(CONSUMER, eventIds))
                .chain(fresh -> generation.invoicesWithUpo(invoiceRefs).chain(existing -> {
                    Set<String> withUpo = new HashSet<>(existing);
                    List<Outbox.PendingEvent> announcements = new ArrayList<>();
                    return Multi.createFrom().iterable(steps)
                            .onItem().transformToUniAndConcatenate(step -> inBatch(step, fresh, withUpo,
                                    announcements))
                            .collect().last()
                            .chain(() -> announce(announcements));
                }))
                .replaceWithVoid());
    }

    /**
     * @param fresh         event ids seen for the first time, each removed when handled (a repeat in the batch is
     *                      then skipped)
     * @param withUpo       every invoice with a UPO, stored before or earlier in the batch
     * @param announcements {@code upo.generated} events waiting for the outbox
     */
    private Uni<Void> inBatch(Step step, Set<String> fresh, Set<String> withUpo,
                              List<Outbox.PendingEvent> announcements) {
        if (!fresh.remove(step.eventId)) {
            return Uni.createFrom().voidItem();
        }
        if (step.settled != null) {
            return announce(announcements).chain(() -> generation.invoicesSettled(step.settled));
        }
        if (!withUpo.add(step.accepted.invoiceReferenceNumber())) {
            return Uni.createFrom().voidItem();
        }
        return generation.storeNewInvoiceUpo(step.prepared)
                .invoke(event -> announcements.add(new Outbox.PendingEvent(UpoGenerated.TOPIC,
                        event.referenceNumber(), UpoGenerated.TYPE, event)))
                .replaceWithVoid();
    }

    private Uni<Void> announce(List<Outbox.PendingEvent> announcements) {
        if (announcements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Outbox.PendingEvent> pending = List.copyOf(announcements);
        announcements.clear();
        return outbox.enqueueAll(pending);
    }

    private Uni<Void> oneByOne(List<Step> steps, List<Dead> dead) {
        return Multi.createFrom().iterable(steps)
                .onItem().transformToUniAndConcatenate(step -> Panache.withTransaction(() -> once(step))
                        .onFailure(InvoiceEventsConsumer::isTheRecordsFault).recoverWithItem(e -> {
                            dead.add(new Dead(step.record, e));
                            return null;
                        }))
                .collect().last()
                .replaceWithVoid();
    }

    private Uni<Void> once(Step step) {
        return processedEvents.firstTime(CONSUMER, step.eventId).chain(first -> {
            if (!first) {
                return Uni.createFrom().voidItem();
            }
            return step.accepted != null
                    ? generation.storeInvoiceUpo(step.prepared)
                    : generation.invoicesSettled(step.settled);
        });
    }

    /**
     * Failures that say nothing about the record: the database or the broker is away, busy or restarting. Such a
     * batch is retried until it goes through; any other failure of a single record (bad data, a refused constraint,
     * a bug it triggers) dead-letters that record, so that one poison event cannot stall the partition.
     */
    static boolean isTheRecordsFault(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof IOException || e instanceof TimeoutException
                    || e instanceof java.util.concurrent.TimeoutException || e instanceof ClosedConnectionException
                    || e instanceof NoStackTraceThrowable || e instanceof RetriableException
                    || (e instanceof PgException pg && isTransient(pg.getSqlState()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * SQLSTATE classes of a server that is unreachable, overloaded or shutting down, or of a transaction that lost a
     * race: 08 connection, 40 rollback (serialisation, deadlock), 53 insufficient resources, 57 operator
     * intervention (shutdown, cancel), 58 system error.
     */
    private static boolean isTransient(String sqlState) {
        return sqlState != null && sqlState.length() == 5
                && Set.of("08", "40", "53", "57", "58").contains(sqlState.substring(0, 2));
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

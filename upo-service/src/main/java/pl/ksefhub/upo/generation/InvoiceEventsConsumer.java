package pl.ksefhub.upo.generation;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.FlushMode;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventHandler;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.upo.document.UpoDocument;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code ksef.invoice.events}: {@code invoice.accepted} → projection + invoice UPO; {@code session.invoices-settled}
 * → session UPO; anything else on the topic is none of this service's business.
 *
 * <p>Records come in batches (whatever one poll returned) so that a burst of invoices costs one transaction, not
 * one each, and their UPOs are signed in parallel ({@link #prepare}, before the transaction): this is what keeps UPO
 * generation ahead of invoice intake on two cores. Consumed the platform's one way ({@link EventConsumer}): per
 * record exactly-once, a record's own fault (malformed, or contradicting what is known) dead-lettered with the
 * reason, a failure of the database or broker waited out.
 */
@ApplicationScoped
public class InvoiceEventsConsumer implements EventHandler<InvoiceEventsConsumer.Step> {

    static final String CONSUMER = "upo-service.invoice-events";
    static final String INVOICE_ACCEPTED = "ksef.invoice.accepted.v1";
    static final String INVOICES_SETTLED = "ksef.session.invoices-settled.v1";

    private final EventConsumer consumer;
    private final UpoGeneration generation;
    private final UpoRows rows;
    private final Outbox outbox;
    /** {@code ksef_invoice_upo_latency_seconds}: from the invoice's send (its invoicing date) to its stored UPO. */
    private final Timer upoLatency;

    public InvoiceEventsConsumer(EventConsumer consumer, UpoGeneration generation, UpoRows rows, Outbox outbox,
                                 MeterRegistry metrics) {
        this.consumer = consumer;
        this.generation = generation;
        this.rows = rows;
        this.outbox = outbox;
        this.upoLatency = Timer.builder("ksef.invoice.upo.latency")
                .description("From an invoice's send to its UPO (the invoice UPO stored and announced)")
                .serviceLevelObjectives(Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
                        Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10),
                        Duration.ofSeconds(30), Duration.ofMinutes(1), Duration.ofMinutes(2),
                        Duration.ofMinutes(5), Duration.ofMinutes(15))
                .register(metrics);
    }

    /**
     * One handled event: an accepted invoice (with its signed UPO once prepared) or a settled session.
     *
     * @param traceparent the event's consumption span: its {@code upo.generated} continues the invoice's trace
     */
    record Step(InvoiceAccepted accepted, InvoicesSettled settled, UpoGeneration.PreparedInvoiceUpo prepared,
                String traceparent) {
    }

    @Incoming("invoice-events")
    public Uni<Void> consume(ConsumerRecords<String, String> records) {
        return consumer.consume(records, this);
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    @Override
    public Step read(EventEnvelope event) {
        return switch (event.type()) {
            case INVOICE_ACCEPTED -> new Step(UpoGeneration.checked(event.as(InvoiceAccepted.class)), null, null,
                    event.traceparent());
            case INVOICES_SETTLED -> new Step(null, UpoGeneration.checked(event.as(InvoicesSettled.class)), null,
                    event.traceparent());
            default -> null;
        };
    }

    /** Signs an invoice UPO on a worker thread (the batch's in parallel); one that cannot be signed is dead. */
    @Override
    public Uni<Step> prepare(Step step) {
        if (step.accepted() == null) {
            return Uni.createFrom().item(step);
        }
        return Offload.onWorker(() -> new Step(step.accepted(), null,
                generation.prepareInvoiceUpo(step.accepted()), step.traceparent()));
    }

    @Override
    public Uni<Void> apply(Step step) {
        return applyAll(List.of(step));
    }

    /**
     * The whole batch in one transaction (EventConsumer's, which also marks the events processed), with a handful of
     * statements whatever its size: the existing UPOs are looked up in bulk, the new invoices' rows go in one
     * {@code INSERT} per table ({@link UpoRows}) and their {@code upo.generated} events in one outbox statement,
     * before a session UPO's so that the relay keeps their order. Everything is written on the transaction's own
     * session, passed down, never one resolved again on the way.
     */
    @Override
    public Uni<Void> applyAll(List<Step> steps) {
        List<String> invoiceRefs = steps.stream().filter(step -> step.accepted() != null)
                .map(step -> step.accepted().invoiceReferenceNumber()).toList();
        return Panache.getSession()
                // Nothing of this batch goes through the persistence context; COMMIT keeps Hibernate from
                // dirty-checking what a session UPO's reads load before each of the batch's statements.
                .invoke(session -> session.setFlushMode(FlushMode.COMMIT))
                .chain(session -> rows.invoiceUposAmong(session, invoiceRefs).chain(existing -> {
                    Set<String> withUpo = new HashSet<>(existing);
                    Pending pending = new Pending();
                    return Multi.createFrom().iterable(steps)
                            .onItem().transformToUniAndConcatenate(step -> inBatch(session, step, withUpo, pending))
                            .collect().last()
                            .chain(() -> pending.write(session));
                }).chain(() -> everyUpoStored(session, invoiceRefs)));
    }

    /**
     * Before the event ids commit: every accepted invoice of the batch has its UPO in this transaction. A chaos run
     * (PostgreSQL restarted while upo-service caught up after a kill) committed a batch's ids and its
     * {@code upo.generated} events with the first nine invoices' UPO rows missing, never written by this
     * transaction; the invoices were left without a UPO for good. The rows are now plain statements on this
     * session ({@link UpoRows} says why that closes the suspected cause); the check stays, as a guard that costs one
     * indexed query per batch: a shortfall fails the batch as transient, rolled back and tried again, never
     * committed half done.
     */
    private Uni<Void> everyUpoStored(Mutiny.Session session, List<String> invoiceRefs) {
        if (invoiceRefs.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        Set<String> expected = new HashSet<>(invoiceRefs);
        return rows.invoiceUposAmong(session, invoiceRefs).invoke(stored -> {
            if (!stored.containsAll(expected)) {
                Set<String> missing = new HashSet<>(expected);
                missing.removeAll(stored);
                throw new IllegalStateException(missing.size() + " of " + expected.size()
                        + " invoice UPOs of the batch were not written by its transaction, e.g. "
                        + missing.iterator().next() + "; the batch is tried again");
            }
        }).replaceWithVoid();
    }

    /**
     * @param withUpo every invoice with a UPO, stored before or earlier in the batch
     * @param pending the batch's new rows and events not written yet
     */
    private Uni<Void> inBatch(Mutiny.Session session, Step step, Set<String> withUpo, Pending pending) {
        if (step.settled() != null) {
            // The invoices accepted before it in the batch are in its session UPO, and announced before it.
            return pending.write(session).chain(() -> generation.invoicesSettled(session, step.settled()));
        }
        if (!withUpo.add(step.accepted().invoiceReferenceNumber())) {
            return Uni.createFrom().voidItem();
        }
        pending.add(generation.newInvoiceUpo(step.prepared()), step.traceparent());
        return Uni.createFrom().voidItem();
    }

    /** New invoice UPOs of the batch waiting to be written: their rows, then their events, in batch order. */
    private final class Pending {

        private final List<AcceptedInvoice> invoices = new ArrayList<>();
        private final List<UpoDocument> documents = new ArrayList<>();
        private final List<Outbox.PendingEvent> announcements = new ArrayList<>();

        void add(UpoGeneration.NewInvoiceUpo upo, String traceparent) {
            invoices.add(upo.invoice());
            documents.add(upo.document());
            announcements.add(new Outbox.PendingEvent(UpoGenerated.TOPIC, upo.announcement().referenceNumber(),
                    UpoGenerated.TYPE, upo.announcement(), traceparent));
        }

        /** Writes what is pending (nothing, when nothing is) and forgets it. */
        Uni<Void> write(Mutiny.Session session) {
            if (invoices.isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            List<AcceptedInvoice> newInvoices = List.copyOf(invoices);
            List<UpoDocument> newDocuments = List.copyOf(documents);
            List<Outbox.PendingEvent> events = List.copyOf(announcements);
            invoices.clear();
            documents.clear();
            announcements.clear();
            return rows.insert(session, newInvoices, newDocuments).chain(() -> outbox.enqueueAll(events));
        }
    }

    /** Only first-seen events come here: a redelivered one is not measured twice. */
    @Override
    public void committed(List<Step> steps) {
        OffsetDateTime now = OffsetDateTime.now();
        for (Step step : steps) {
            if (step.accepted() != null) {
                Duration latency = Duration.between(step.accepted().invoicingDate(), now);
                upoLatency.record(latency.isNegative() ? Duration.ZERO : latency);
            }
        }
    }
}

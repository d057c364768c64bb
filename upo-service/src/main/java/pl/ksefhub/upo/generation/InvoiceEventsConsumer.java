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
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventHandler;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.outbox.Outbox;

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
    private final Outbox outbox;
    /** {@code ksef_invoice_upo_latency_seconds}: from the invoice's send (its invoicing date) to its stored UPO. */
    private final Timer upoLatency;

    public InvoiceEventsConsumer(EventConsumer consumer, UpoGeneration generation, Outbox outbox,
                                 MeterRegistry metrics) {
        this.consumer = consumer;
        this.generation = generation;
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
     * The whole batch in one transaction, with a handful of statements whatever its size: the existing UPOs are
     * looked up in bulk, the new rows are flushed at commit only (in JDBC batches, not before each statement, which
     * would dirty-check the batch's UPOs again and again), and the {@code upo.generated} events go into the outbox
     * together, before a session UPO's so that the relay keeps their order.
     */
    @Override
    public Uni<Void> applyAll(List<Step> steps) {
        List<String> invoiceRefs = steps.stream().filter(step -> step.accepted() != null)
                .map(step -> step.accepted().invoiceReferenceNumber()).toList();
        return Panache.getSession()
                .invoke(session -> session.setFlushMode(FlushMode.COMMIT))
                .chain(() -> generation.invoicesWithUpo(invoiceRefs)).chain(existing -> {
                    Set<String> withUpo = new HashSet<>(existing);
                    List<Outbox.PendingEvent> announcements = new ArrayList<>();
                    return Multi.createFrom().iterable(steps)
                            .onItem().transformToUniAndConcatenate(step -> inBatch(step, withUpo, announcements))
                            .collect().last()
                            .chain(() -> announce(announcements));
                });
    }

    /**
     * @param withUpo       every invoice with a UPO, stored before or earlier in the batch
     * @param announcements {@code upo.generated} events waiting for the outbox
     */
    private Uni<Void> inBatch(Step step, Set<String> withUpo, List<Outbox.PendingEvent> announcements) {
        if (step.settled() != null) {
            return announce(announcements).chain(() -> generation.invoicesSettled(step.settled()));
        }
        if (!withUpo.add(step.accepted().invoiceReferenceNumber())) {
            return Uni.createFrom().voidItem();
        }
        return generation.storeNewInvoiceUpo(step.prepared())
                .invoke(event -> announcements.add(new Outbox.PendingEvent(UpoGenerated.TOPIC,
                        event.referenceNumber(), UpoGenerated.TYPE, event, step.traceparent())))
                .replaceWithVoid();
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

    private Uni<Void> announce(List<Outbox.PendingEvent> announcements) {
        if (announcements.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<Outbox.PendingEvent> pending = List.copyOf(announcements);
        announcements.clear();
        return outbox.enqueueAll(pending);
    }
}

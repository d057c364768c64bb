package pl.ksefhub.session.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.DeadLetters;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.ProcessedEvents;
import pl.ksefhub.session.deletion.Confirmation;
import pl.ksefhub.session.deletion.SessionDeletionService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Invoice and UPO events that move sessions on; each event takes effect once (processed-event log).
 *
 * <p>Invoice events come three per invoice, so they are taken in batches (whatever one poll returned): one
 * transaction, one statement for the event ids, one counter update per session. A record that is not a well-formed
 * event goes alone to {@code ksef.invoice.events.dlq}; if the batch's transaction fails, its records are retried one
 * transaction each and the one that still fails is dead-lettered, so nothing blocks the partition.
 * <p>
 * The purge confirmations of a session being deleted ({@link Confirmation}) come one from each topic read here.
 */
@ApplicationScoped
public class SessionEventConsumers {

    private static final Logger LOG = Logger.getLogger(SessionEventConsumers.class);
    static final String INVOICE_CONSUMER = "session-service.invoice-events";
    static final String UPO_CONSUMER = "session-service.upo-events";
    static final String RECURRING_CONSUMER = "session-service.recurring-events";
    private static final Set<String> COUNTED = Set.of(ConsumedEvents.INVOICE_RECEIVED,
            ConsumedEvents.INVOICE_ACCEPTED, ConsumedEvents.INVOICE_REJECTED);

    /** Invoice-service events about a session as a whole, applied one at a time after the batch's counters. */
    private static final Set<String> SESSION_LEVEL = Set.of(ConsumedEvents.INVOICES_SETTLED,
            ConsumedEvents.BATCH_PART_UPLOADED, ConsumedEvents.BATCH_PACKAGE_REJECTED);

    private final ProcessedEvents processed;
    private final SessionProgress progress;
    private final DeadLetters deadLetters;
    private final SessionDeletionService deletion;

    public SessionEventConsumers(ProcessedEvents processed, SessionProgress progress, DeadLetters deadLetters,
                                 SessionDeletionService deletion) {
        this.processed = processed;
        this.progress = progress;
        this.deadLetters = deadLetters;
        this.deletion = deletion;
    }

    /** A record this service acts on, read once. */
    private record Relevant(ConsumerRecord<String, String> record, EventEnvelope event, String session) {
    }

    @Incoming("invoice-events")
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        List<Relevant> relevant = new ArrayList<>();
        Uni<Void> deadLettered = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, String> record : records) {
            try {
                EventEnvelope event = EventEnvelope.of(record);
                if (COUNTED.contains(event.type()) || SESSION_LEVEL.contains(event.type())
                        || Confirmation.INVOICES.eventType().equals(event.type())) {
                    relevant.add(new Relevant(record, event, session(event)));
                }
            } catch (EventEnvelope.MalformedEventException e) {
                deadLettered = deadLettered.chain(() -> deadLetters.send(record, e));
            }
        }
        if (relevant.isEmpty()) {
            return deadLettered;
        }
        return deadLettered.chain(() -> Panache.withTransaction(() -> applyBatch(relevant)))
                .onFailure().recoverWithUni(failure -> {
                    LOG.warnf("A batch of %d invoice events failed (%s); applying them one by one", relevant.size(),
                            failure.getMessage());
                    return oneByOne(relevant);
                });
    }

    private Uni<Void> applyBatch(List<Relevant> batch) {
        return processed.firstTimes(INVOICE_CONSUMER, batch.stream().map(r -> r.event().id()).toList())
                .chain(fresh -> {
                    Map<String, int[]> counts = new LinkedHashMap<>();
                    List<Relevant> settlements = new ArrayList<>();
                    List<Relevant> purges = new ArrayList<>();
                    for (Relevant r : batch) {
                        if (!fresh.remove(r.event().id())) {
                            continue; // seen before, or twice in this batch
                        }
                        if (SESSION_LEVEL.contains(r.event().type())) {
                            settlements.add(r);
                        } else if (Confirmation.INVOICES.eventType().equals(r.event().type())) {
                            purges.add(r);
                        } else {
                            int[] c = counts.computeIfAbsent(r.session(), s -> new int[3]);
                            c[index(r.event().type())]++;
                        }
                    }
                    // Counters first: a settlement (always the last invoice event of its session) then overrides
                    // them with invoice-service's own final figures.
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Map.Entry<String, int[]> entry : counts.entrySet()) {
                        int[] c = entry.getValue();
                        all = all.chain(() -> progress.count(entry.getKey(), c[0], c[1], c[2]));
                    }
                    for (Relevant settlement : settlements) {
                        all = all.chain(() -> applySessionLevel(settlement.event()));
                    }
                    // Last: a session deleted now takes nothing more of this batch.
                    for (Relevant purge : purges) {
                        all = all.chain(() -> deletion.confirmed(Confirmation.INVOICES, purge.session()));
                    }
                    return all;
                });
    }

    private Uni<Void> oneByOne(List<Relevant> batch) {
        Uni<Void> all = Uni.createFrom().voidItem();
        for (Relevant r : batch) {
            all = all.chain(() -> processed.handleOnce(INVOICE_CONSUMER, r.record(), this::applyInvoiceEvent)
                    .onFailure().recoverWithUni(failure -> deadLetters.send(r.record(), failure)));
        }
        return all;
    }

    private Uni<Void> applySessionLevel(EventEnvelope event) {
        return switch (event.type()) {
            case ConsumedEvents.INVOICES_SETTLED -> progress.settled(event.as(ConsumedEvents.InvoicesSettled.class));
            case ConsumedEvents.BATCH_PART_UPLOADED ->
                    progress.partUploaded(event.as(ConsumedEvents.BatchPartUploaded.class));
            case ConsumedEvents.BATCH_PACKAGE_REJECTED ->
                    progress.packageRejected(event.as(ConsumedEvents.BatchPackageRejected.class));
            default -> throw new IllegalArgumentException(event.type());
        };
    }

    private Uni<Void> applyInvoiceEvent(EventEnvelope event) {
        if (SESSION_LEVEL.contains(event.type())) {
            return applySessionLevel(event);
        }
        if (Confirmation.INVOICES.eventType().equals(event.type())) {
            return deletion.confirmed(Confirmation.INVOICES, session(event));
        }
        int[] c = new int[3];
        c[index(event.type())]++;
        return progress.count(session(event), c[0], c[1], c[2]);
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvent(ConsumerRecord<String, String> record) {
        EventEnvelope event = EventEnvelope.of(record);
        if (Confirmation.UPOS.eventType().equals(event.type())) {
            return processed.handleOnce(UPO_CONSUMER, record,
                    e -> deletion.confirmed(Confirmation.UPOS, session(e)));
        }
        // Invoice UPOs are none of this service's business: skipped before any transaction.
        if (!ConsumedEvents.UPO_GENERATED.equals(event.type())
                || !"session".equals(event.payload().path("scope").asText())) {
            return Uni.createFrom().voidItem();
        }
        return processed.handleOnce(UPO_CONSUMER, record,
                e -> progress.sessionUpoGenerated(e.as(ConsumedEvents.UpoGenerated.class)));
    }

    /** recurring-service's events: of them only its purge confirmation matters here. */
    @Incoming("recurring-events")
    public Uni<Void> onRecurringEvent(ConsumerRecord<String, String> record) {
        EventEnvelope event = EventEnvelope.of(record);
        if (!Confirmation.SALE_DOCUMENTS.eventType().equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        return processed.handleOnce(RECURRING_CONSUMER, record,
                e -> deletion.confirmed(Confirmation.SALE_DOCUMENTS, session(e)));
    }

    private static int index(String type) {
        return switch (type) {
            case ConsumedEvents.INVOICE_RECEIVED -> 0;
            case ConsumedEvents.INVOICE_ACCEPTED -> 1;
            case ConsumedEvents.INVOICE_REJECTED -> 2;
            default -> throw new IllegalArgumentException(type);
        };
    }

    private static String session(EventEnvelope event) {
        String reference = event.payload().path("referenceNumber").asText(null);
        if (reference == null || reference.isBlank()) {
            throw new EventEnvelope.MalformedEventException("no referenceNumber");
        }
        return reference;
    }
}

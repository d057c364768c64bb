package pl.ksefhub.session.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventHandler;
import pl.ksefhub.session.deletion.Confirmation;
import pl.ksefhub.session.deletion.SessionDeletionService;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Invoice and UPO events that move sessions on, consumed the platform's one way ({@link EventConsumer}): each event
 * takes effect once, a record's own fault goes to the dead-letter topic, a database outage is waited out.
 *
 * <p>Invoice events come three per invoice, so they are taken in batches (whatever one poll returned): one
 * transaction, one statement for the event ids, one counter update per session.
 * <p>
 * The purge confirmations of a session being deleted ({@link Confirmation}) come one from each topic read here.
 */
@ApplicationScoped
public class SessionEventConsumers {

    static final String INVOICE_CONSUMER = "session-service.invoice-events";
    static final String UPO_CONSUMER = "session-service.upo-events";
    static final String RECURRING_CONSUMER = "session-service.recurring-events";
    private static final Set<String> COUNTED = Set.of(ConsumedEvents.INVOICE_RECEIVED,
            ConsumedEvents.INVOICE_ACCEPTED, ConsumedEvents.INVOICE_REJECTED);

    /**
     * Invoice-service events about a session as a whole, applied one at a time after the batch's counters, in
     * partition order: a session's {@code batch.part-uploaded} events and the {@code batch.parts-checked} that
     * invoice-service enqueued after them share the key, so they are applied in that order too (its outbox relay
     * publishes in the order of its rows). A close still decides only from the answer's own ordinals.
     */
    private static final Set<String> SESSION_LEVEL = Set.of(ConsumedEvents.INVOICES_SETTLED,
            ConsumedEvents.BATCH_PART_UPLOADED, ConsumedEvents.BATCH_PACKAGE_REJECTED,
            ConsumedEvents.BATCH_PARTS_CHECKED);

    private final EventConsumer consumer;
    private final SessionProgress progress;
    private final SessionDeletionService deletion;
    private final InvoiceEvents invoiceEvents = new InvoiceEvents();
    private final UpoEvents upoEvents = new UpoEvents();
    private final RecurringEvents recurringEvents = new RecurringEvents();

    public SessionEventConsumers(EventConsumer consumer, SessionProgress progress, SessionDeletionService deletion) {
        this.consumer = consumer;
        this.progress = progress;
        this.deletion = deletion;
    }

    /** An event this service acts on and the session it is about. */
    private record Relevant(EventEnvelope event, String session) {
    }

    @Incoming("invoice-events")
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return consumer.consume(records, invoiceEvents);
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, upoEvents);
    }

    /** recurring-service's events: of them only its purge confirmation matters here. */
    @Incoming("recurring-events")
    public Uni<Void> onRecurringEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, recurringEvents);
    }

    private final class InvoiceEvents implements EventHandler<Relevant> {

        @Override
        public String consumer() {
            return INVOICE_CONSUMER;
        }

        @Override
        public Relevant read(EventEnvelope event) {
            if (ConsumedEvents.BATCH_PARTS_CHECKED.equals(event.type())) {
                event.as(ConsumedEvents.BatchPartsChecked.class).requireComplete();
            }
            if (COUNTED.contains(event.type()) || SESSION_LEVEL.contains(event.type())
                    || Confirmation.INVOICES.eventType().equals(event.type())) {
                return new Relevant(event, session(event));
            }
            return null;
        }

        @Override
        public Uni<Void> applyAll(List<Relevant> batch) {
            Map<String, int[]> counts = new LinkedHashMap<>();
            List<Relevant> settlements = new ArrayList<>();
            List<Relevant> purges = new ArrayList<>();
            for (Relevant r : batch) {
                if (SESSION_LEVEL.contains(r.event().type())) {
                    settlements.add(r);
                } else if (Confirmation.INVOICES.eventType().equals(r.event().type())) {
                    purges.add(r);
                } else {
                    int[] c = counts.computeIfAbsent(r.session(), s -> new int[3]);
                    c[index(r.event().type())]++;
                }
            }
            // Counters first: a settlement (always the last invoice event of its session) then overrides them with
            // invoice-service's own final figures.
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
        }

        @Override
        public Uni<Void> apply(Relevant event) {
            return applyAll(List.of(event));
        }
    }

    private final class UpoEvents implements EventHandler<Relevant> {

        @Override
        public String consumer() {
            return UPO_CONSUMER;
        }

        @Override
        public Relevant read(EventEnvelope event) {
            if (Confirmation.UPOS.eventType().equals(event.type())) {
                return new Relevant(event, session(event));
            }
            // Invoice UPOs are none of this service's business: skipped before any transaction.
            if (!ConsumedEvents.UPO_GENERATED.equals(event.type())
                    || !"session".equals(event.payload().path("scope").asText())) {
                return null;
            }
            event.as(ConsumedEvents.UpoGenerated.class);
            return new Relevant(event, session(event));
        }

        @Override
        public Uni<Void> apply(Relevant r) {
            if (Confirmation.UPOS.eventType().equals(r.event().type())) {
                return deletion.confirmed(Confirmation.UPOS, r.session());
            }
            return progress.sessionUpoGenerated(r.event().as(ConsumedEvents.UpoGenerated.class));
        }
    }

    private final class RecurringEvents implements EventHandler<String> {

        @Override
        public String consumer() {
            return RECURRING_CONSUMER;
        }

        @Override
        public String read(EventEnvelope event) {
            return Confirmation.SALE_DOCUMENTS.eventType().equals(event.type()) ? session(event) : null;
        }

        @Override
        public Uni<Void> apply(String session) {
            return deletion.confirmed(Confirmation.SALE_DOCUMENTS, session);
        }
    }

    private Uni<Void> applySessionLevel(EventEnvelope event) {
        return switch (event.type()) {
            case ConsumedEvents.INVOICES_SETTLED -> progress.settled(event.as(ConsumedEvents.InvoicesSettled.class));
            case ConsumedEvents.BATCH_PART_UPLOADED ->
                    progress.partUploaded(event.as(ConsumedEvents.BatchPartUploaded.class));
            case ConsumedEvents.BATCH_PACKAGE_REJECTED ->
                    progress.packageRejected(event.as(ConsumedEvents.BatchPackageRejected.class));
            case ConsumedEvents.BATCH_PARTS_CHECKED ->
                    progress.partsChecked(event.as(ConsumedEvents.BatchPartsChecked.class).requireComplete());
            default -> throw new IllegalArgumentException(event.type());
        };
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

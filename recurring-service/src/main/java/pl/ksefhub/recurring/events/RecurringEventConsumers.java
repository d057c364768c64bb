package pl.ksefhub.recurring.events;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.FlushMode;
import pl.ksefhub.platform.events.DeadLetters;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.ProcessedEvents;
import pl.ksefhub.recurring.access.KsefTokenProjection;
import pl.ksefhub.recurring.delivery.OccurrenceResults;
import pl.ksefhub.recurring.events.ConsumedEvents.InvoiceAccepted;
import pl.ksefhub.recurring.events.ConsumedEvents.InvoiceRejected;
import pl.ksefhub.recurring.events.ConsumedEvents.TokenActivated;
import pl.ksefhub.recurring.events.ConsumedEvents.TokenRevoked;
import pl.ksefhub.recurring.events.ConsumedEvents.UpoGenerated;
import pl.ksefhub.recurring.purge.SessionInvoicesPurged;
import pl.ksefhub.recurring.purge.SessionPurge;
import pl.ksefhub.recurring.saledocument.SaleDocumentProjection;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What recurring-service reads: accepted invoices (sale documents, and the results of our occurrences), rejections,
 * invoice UPOs, KSeF token activations and revocations, and the purge of a session being deleted
 * ({@code session.invoices-purged}, see {@link SessionPurge}). Each event takes effect once (processed-event log); a
 * malformed one fails and goes to the topic's dead-letter queue without blocking the partition.
 */
@ApplicationScoped
public class RecurringEventConsumers {

    private static final String INVOICE_CONSUMER = "recurring-service.invoice-events";
    private static final Set<String> SESSION_EVENTS_READ = Set.of(ConsumedEvents.TOKEN_ACTIVATED,
            ConsumedEvents.TOKEN_REVOKED, SessionInvoicesPurged.SESSION_DELETED);
    private static final Set<String> INVOICE_EVENTS_READ = Set.of(ConsumedEvents.INVOICE_ACCEPTED,
            ConsumedEvents.INVOICE_REJECTED, SessionInvoicesPurged.TYPE);

    private final ProcessedEvents processed;
    private final SaleDocumentProjection saleDocuments;
    private final OccurrenceResults occurrences;
    private final KsefTokenProjection tokens;
    private final DeadLetters deadLetters;
    private final SessionPurge purge;

    public RecurringEventConsumers(ProcessedEvents processed, SaleDocumentProjection saleDocuments,
                                   OccurrenceResults occurrences, KsefTokenProjection tokens,
                                   DeadLetters deadLetters, SessionPurge purge) {
        this.purge = purge;
        this.processed = processed;
        this.saleDocuments = saleDocuments;
        this.occurrences = occurrences;
        this.tokens = tokens;
        this.deadLetters = deadLetters;
    }

    /** A read invoice event: its record (for the dead-letter topic) and its envelope. */
    private record Read(ConsumerRecord<String, String> record, EventEnvelope event) {
    }

    /**
     * Every accepted invoice is a sale document here, so invoice events come in batches (whatever one poll
     * returned): one transaction and one statement for the event ids a poll, not one each. A record that is not a
     * well-formed event goes alone to {@code ksef.invoice.events.dlq}; when the batch fails, its events are applied
     * one transaction each and the one that still fails is dead-lettered, so nothing blocks the partition.
     */
    @Incoming("invoice-events")
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        List<Read> reads = new ArrayList<>();
        Uni<Void> deadLettered = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, String> record : records) {
            try {
                EventEnvelope event = EventEnvelope.of(record);
                if (INVOICE_EVENTS_READ.contains(event.type())) { // received, settled...: not ours to record
                    reads.add(new Read(record, event));
                }
            } catch (MalformedEventException e) {
                deadLettered = deadLettered.chain(() -> deadLetters.send(record, e));
            }
        }
        if (reads.isEmpty()) {
            return deadLettered;
        }
        // Flushed once, at commit: the batch's new sale documents go in JDBC batches, and no statement of the batch
        // makes Hibernate dirty-check all of them again first.
        return deadLettered.chain(() -> Panache.withTransaction(() -> Panache.getSession()
                .invoke(session -> session.setFlushMode(FlushMode.COMMIT))
                .chain(() -> processed.firstTimes(INVOICE_CONSUMER, reads.stream().map(r -> r.event().id()).toList()))
                .chain(fresh -> saleDocuments.preload(acceptedInvoiceIds(reads)).chain(stored -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Read read : reads) {
                        if (fresh.remove(read.event().id())) {
                            all = all.chain(() -> applyInvoiceEvent(read.event(), stored));
                        }
                    }
                    return all;
                }))))
                .onFailure().recoverWithUni(failure -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (Read read : reads) {
                        all = all.chain(() -> processed.handleOnce(INVOICE_CONSUMER, read.record(),
                                        this::applyInvoiceEvent)
                                .onFailure().recoverWithUni(e -> deadLetters.send(read.record(), e)));
                    }
                    return all;
                });
    }

    private Uni<Void> applyInvoiceEvent(EventEnvelope event) {
        return applyInvoiceEvent(event, null);
    }

    /** @param stored the batch's preloaded sale documents, or null for one event alone */
    private Uni<Void> applyInvoiceEvent(EventEnvelope event, Set<Long> stored) {
        return switch (event.type()) {
            case ConsumedEvents.INVOICE_ACCEPTED -> accepted(event.as(InvoiceAccepted.class), stored);
            case SessionInvoicesPurged.TYPE -> purge.purge(requireSession(event.as(SessionInvoicesPurged.class),
                    event));
            default -> occurrences.invoiceRejected(event.as(InvoiceRejected.class));
        };
    }

    /** Invoice ids of the batch's acceptances; one that cannot be read is left to fail in its own turn. */
    private static List<Long> acceptedInvoiceIds(List<Read> reads) {
        List<Long> ids = new ArrayList<>();
        for (Read read : reads) {
            if (ConsumedEvents.INVOICE_ACCEPTED.equals(read.event().type())) {
                JsonNode id = read.event().payload().path("invoiceId");
                if (id.canConvertToLong()) {
                    ids.add(id.asLong());
                }
            }
        }
        return ids;
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvent(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> {
            EventEnvelope envelope = EventEnvelope.of(record);
            // Only submissions' UPOs (with a correlation id) can belong to an occurrence: the rest, nearly every
            // UPO, is skipped before any transaction.
            if (!ConsumedEvents.UPO_GENERATED.equals(envelope.type())
                    || envelope.payload().path("correlationId").asText("").isEmpty()) {
                return Uni.createFrom().voidItem();
            }
            return processed.handleOnce("recurring-service.upo-events", record,
                    event -> occurrences.upoGenerated(event.as(UpoGenerated.class)));
        });
    }

    @Incoming("session-events")
    public Uni<Void> onSessionEvent(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> {
            if (!SESSION_EVENTS_READ.contains(EventEnvelope.of(record).type())) {
                return Uni.createFrom().voidItem(); // session lifecycle: not ours
            }
            return processed.handleOnce("recurring-service.session-events", record, event -> {
                if (SessionInvoicesPurged.SESSION_DELETED.equals(event.type())) {
                    return purge.forgetConfirmation(requireSession(event.as(SessionInvoicesPurged.class), event)
                            .referenceNumber());
                }
                if (ConsumedEvents.TOKEN_ACTIVATED.equals(event.type())) {
                    TokenActivated activated = event.as(TokenActivated.class);
                    require(activated.referenceNumber() != null && activated.context() != null
                            && activated.context().value() != null && activated.tokenSha256() != null
                            && activated.tokenSha256().matches("[0-9a-fA-F]{64}"), "token.activated", event);
                    return tokens.activated(activated.referenceNumber(), activated.context().type(),
                            activated.context().value(), activated.tokenSha256(), activated.permissions(),
                            activated.activatedAt());
                }
                TokenRevoked revoked = event.as(TokenRevoked.class);
                require(revoked.referenceNumber() != null, "token.revoked", event);
                return tokens.revoked(revoked.referenceNumber(), revoked.revokedAt());
            });
        });
    }

    private Uni<Void> accepted(InvoiceAccepted accepted, Set<Long> stored) {
        if (accepted.invoiceId() == null || accepted.ksefNumber() == null || accepted.invoiceNumber() == null
                || accepted.context() == null || accepted.context().type() == null
                || accepted.context().value() == null) {
            throw new MalformedEventException("invoice.accepted without invoiceId, ksefNumber, invoiceNumber or"
                    + " context");
        }
        return (stored == null ? saleDocuments.accepted(accepted) : saleDocuments.accepted(accepted, stored))
                .chain(invoice -> occurrences.invoiceAccepted(accepted, invoice));
    }

    private static SessionInvoicesPurged requireSession(SessionInvoicesPurged purged, EventEnvelope event) {
        require(purged.referenceNumber() != null && !purged.referenceNumber().isBlank(), event.type(), event);
        return purged;
    }

    private static void require(boolean condition, String what, EventEnvelope event) {
        if (!condition) {
            throw new MalformedEventException(what + " " + event.id() + " lacks required fields");
        }
    }
}

package pl.ksefhub.recurring.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
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
import pl.ksefhub.recurring.saledocument.SaleDocumentProjection;

import java.util.Set;

/**
 * What recurring-service reads: accepted invoices (sale documents, and the results of our occurrences), rejections,
 * invoice UPOs, and KSeF token activations and revocations. Each event takes effect once (processed-event log); a
 * malformed one fails and goes to the topic's dead-letter queue without blocking the partition.
 */
@ApplicationScoped
public class RecurringEventConsumers {

    private static final Set<String> SESSION_EVENTS_READ = Set.of(ConsumedEvents.TOKEN_ACTIVATED,
            ConsumedEvents.TOKEN_REVOKED);
    private static final Set<String> INVOICE_EVENTS_READ = Set.of(ConsumedEvents.INVOICE_ACCEPTED,
            ConsumedEvents.INVOICE_REJECTED);

    private final ProcessedEvents processed;
    private final SaleDocumentProjection saleDocuments;
    private final OccurrenceResults occurrences;
    private final KsefTokenProjection tokens;

    public RecurringEventConsumers(ProcessedEvents processed, SaleDocumentProjection saleDocuments,
                                   OccurrenceResults occurrences, KsefTokenProjection tokens) {
        this.processed = processed;
        this.saleDocuments = saleDocuments;
        this.occurrences = occurrences;
        this.tokens = tokens;
    }

    @Incoming("invoice-events")
    public Uni<Void> onInvoiceEvent(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> {
            if (!INVOICE_EVENTS_READ.contains(EventEnvelope.of(record).type())) {
                return Uni.createFrom().voidItem(); // received, settled...: not ours to record
            }
            return processed.handleOnce("recurring-service.invoice-events", record, event -> switch (event.type()) {
                case ConsumedEvents.INVOICE_ACCEPTED -> accepted(event.as(InvoiceAccepted.class));
                default -> occurrences.invoiceRejected(event.as(InvoiceRejected.class));
            });
        });
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

    private Uni<Void> accepted(InvoiceAccepted accepted) {
        if (accepted.invoiceId() == null || accepted.ksefNumber() == null || accepted.invoiceNumber() == null
                || accepted.context() == null || accepted.context().type() == null
                || accepted.context().value() == null) {
            throw new MalformedEventException("invoice.accepted without invoiceId, ksefNumber, invoiceNumber or"
                    + " context");
        }
        return saleDocuments.accepted(accepted).chain(invoice -> occurrences.invoiceAccepted(accepted, invoice));
    }

    private static void require(boolean condition, String what, EventEnvelope event) {
        if (!condition) {
            throw new MalformedEventException(what + " " + event.id() + " lacks required fields");
        }
    }
}

package pl.ksefhub.recurring.events;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.hibernate.FlushMode;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.EventHandler;
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

import java.util.List;
import java.util.Set;
import java.util.function.Supplier;

/**
 * What recurring-service reads: accepted invoices (sale documents, and the results of our occurrences), rejections,
 * invoice UPOs, KSeF token activations and revocations, and the purge of a session being deleted
 * ({@code session.invoices-purged}, see {@link SessionPurge}), consumed the platform's one way
 * ({@link EventConsumer}): each event takes effect once, a malformed one goes to the topic's dead-letter queue
 * without blocking the partition, a database outage is waited out.
 */
@ApplicationScoped
public class RecurringEventConsumers {

    private static final String INVOICE_CONSUMER = "recurring-service.invoice-events";
    private static final Set<String> INVOICE_EVENTS_READ = Set.of(ConsumedEvents.INVOICE_ACCEPTED,
            ConsumedEvents.INVOICE_REJECTED, SessionInvoicesPurged.TYPE);

    private final EventConsumer consumer;
    private final SaleDocumentProjection saleDocuments;
    private final OccurrenceResults occurrences;
    private final KsefTokenProjection tokens;
    private final SessionPurge purge;
    private final InvoiceEvents invoiceEvents = new InvoiceEvents();
    private final UpoEvents upoEvents = new UpoEvents();
    private final SessionEvents sessionEvents = new SessionEvents();

    public RecurringEventConsumers(EventConsumer consumer, SaleDocumentProjection saleDocuments,
                                   OccurrenceResults occurrences, KsefTokenProjection tokens, SessionPurge purge) {
        this.consumer = consumer;
        this.purge = purge;
        this.saleDocuments = saleDocuments;
        this.occurrences = occurrences;
        this.tokens = tokens;
    }

    /**
     * Every accepted invoice is a sale document here, so invoice events come in batches (whatever one poll
     * returned): one transaction and one statement for the event ids a poll, not one each.
     */
    @Incoming("invoice-events")
    public Uni<Void> onInvoiceEvents(ConsumerRecords<String, String> records) {
        return consumer.consume(records, invoiceEvents);
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, upoEvents);
    }

    @Incoming("session-events")
    public Uni<Void> onSessionEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, sessionEvents);
    }

    /** A read invoice event: its type and the fields of it read here, checked. */
    private record InvoiceEvent(String type, InvoiceAccepted accepted, InvoiceRejected rejected,
                                SessionInvoicesPurged purged) {
    }

    private final class InvoiceEvents implements EventHandler<InvoiceEvent> {

        @Override
        public String consumer() {
            return INVOICE_CONSUMER;
        }

        @Override
        public InvoiceEvent read(EventEnvelope event) {
            if (!INVOICE_EVENTS_READ.contains(event.type())) {
                return null; // received, settled...: not ours to record
            }
            return switch (event.type()) {
                case ConsumedEvents.INVOICE_ACCEPTED -> new InvoiceEvent(event.type(),
                        checked(event.as(InvoiceAccepted.class)), null, null);
                case SessionInvoicesPurged.TYPE -> new InvoiceEvent(event.type(), null, null,
                        requireSession(event.as(SessionInvoicesPurged.class), event));
                default -> new InvoiceEvent(event.type(), null, event.as(InvoiceRejected.class), null);
            };
        }

        @Override
        public Uni<Void> apply(InvoiceEvent event) {
            return applyAll(List.of(event));
        }

        /**
         * The batch's new sale documents go in one statement on the transaction's session (written before a purge
         * in the batch and at the end); the rest flushed once, at commit, so that no statement of the batch makes
         * Hibernate dirty-check the batch's entities again first.
         */
        @Override
        public Uni<Void> applyAll(List<InvoiceEvent> events) {
            List<Long> accepted = events.stream().filter(e -> e.accepted() != null)
                    .map(e -> e.accepted().invoiceId()).toList();
            return Panache.getSession()
                    .invoke(session -> session.setFlushMode(FlushMode.COMMIT))
                    .chain(session -> saleDocuments.preload(accepted).chain(batch -> {
                        Uni<Void> all = Uni.createFrom().voidItem();
                        for (InvoiceEvent event : events) {
                            all = all.chain(() -> applyInvoiceEvent(session, event, batch));
                        }
                        return all.chain(() -> saleDocuments.write(session, batch));
                    }));
        }
    }

    /** @param batch the batch's preloaded and new sale documents */
    private Uni<Void> applyInvoiceEvent(Mutiny.Session session, InvoiceEvent event,
                                        SaleDocumentProjection.Batch batch) {
        return switch (event.type()) {
            case ConsumedEvents.INVOICE_ACCEPTED -> saleDocuments.accepted(event.accepted(), batch)
                    .chain(invoice -> occurrences.invoiceAccepted(event.accepted(), invoice));
            // The purge deletes the session's sale documents: those of this batch must be there to go.
            case SessionInvoicesPurged.TYPE -> saleDocuments.write(session, batch)
                    .chain(() -> purge.purge(event.purged()));
            default -> occurrences.invoiceRejected(event.rejected());
        };
    }

    private final class UpoEvents implements EventHandler<UpoGenerated> {

        @Override
        public String consumer() {
            return "recurring-service.upo-events";
        }

        /**
         * Only submissions' UPOs (with a correlation id) can belong to an occurrence: the rest, nearly every UPO,
         * is skipped before any transaction.
         */
        @Override
        public UpoGenerated read(EventEnvelope event) {
            if (!ConsumedEvents.UPO_GENERATED.equals(event.type())
                    || event.payload().path("correlationId").asText("").isEmpty()) {
                return null;
            }
            return event.as(UpoGenerated.class);
        }

        @Override
        public Uni<Void> apply(UpoGenerated upo) {
            return occurrences.upoGenerated(upo);
        }
    }

    private final class SessionEvents implements EventHandler<Supplier<Uni<Void>>> {

        @Override
        public String consumer() {
            return "recurring-service.session-events";
        }

        /** The effect of a token or deletion event; the session lifecycle is not ours (null). */
        @Override
        public Supplier<Uni<Void>> read(EventEnvelope event) {
            return switch (event.type()) {
                case SessionInvoicesPurged.SESSION_DELETED -> {
                    String session = requireSession(event.as(SessionInvoicesPurged.class), event).referenceNumber();
                    yield () -> purge.forgetConfirmation(session);
                }
                case ConsumedEvents.TOKEN_ACTIVATED -> {
                    TokenActivated activated = event.as(TokenActivated.class);
                    require(activated.referenceNumber() != null && activated.context() != null
                            && activated.context().value() != null && activated.tokenSha256() != null
                            && activated.tokenSha256().matches("[0-9a-fA-F]{64}"), "token.activated", event);
                    yield () -> tokens.activated(activated.referenceNumber(), activated.context().type(),
                            activated.context().value(), activated.tokenSha256(), activated.permissions(),
                            activated.activatedAt());
                }
                case ConsumedEvents.TOKEN_REVOKED -> {
                    TokenRevoked revoked = event.as(TokenRevoked.class);
                    require(revoked.referenceNumber() != null, "token.revoked", event);
                    yield () -> tokens.revoked(revoked.referenceNumber(), revoked.revokedAt());
                }
                default -> null;
            };
        }

        @Override
        public Uni<Void> apply(Supplier<Uni<Void>> effect) {
            return effect.get();
        }
    }

    private static InvoiceAccepted checked(InvoiceAccepted accepted) {
        if (accepted.invoiceId() == null || accepted.ksefNumber() == null || accepted.invoiceNumber() == null
                || accepted.context() == null || accepted.context().type() == null
                || accepted.context().value() == null) {
            throw new MalformedEventException("invoice.accepted without invoiceId, ksefNumber, invoiceNumber or"
                    + " context");
        }
        return accepted;
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

package pl.ksefhub.session.events;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.ProcessedEvents;

/** Invoice and UPO events that move sessions on; each event takes effect once (processed-event log). */
@ApplicationScoped
public class SessionEventConsumers {

    private final ProcessedEvents processed;
    private final SessionProgress progress;

    public SessionEventConsumers(ProcessedEvents processed, SessionProgress progress) {
        this.processed = processed;
        this.progress = progress;
    }

    @Incoming("invoice-events")
    public Uni<Void> onInvoiceEvent(ConsumerRecord<String, String> record) {
        return processed.handleOnce("session-service.invoice-events", record, this::applyInvoiceEvent);
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvent(ConsumerRecord<String, String> record) {
        return processed.handleOnce("session-service.upo-events", record, event -> {
            if (!ConsumedEvents.UPO_GENERATED.equals(event.type())) {
                return Uni.createFrom().voidItem();
            }
            ConsumedEvents.UpoGenerated generated = event.as(ConsumedEvents.UpoGenerated.class);
            return "session".equals(generated.scope()) ? progress.sessionUpoGenerated(generated)
                    : Uni.createFrom().voidItem();
        });
    }

    private Uni<Void> applyInvoiceEvent(EventEnvelope event) {
        return switch (event.type()) {
            case ConsumedEvents.INVOICE_RECEIVED -> progress.count(session(event), "invoiceCount");
            case ConsumedEvents.INVOICE_ACCEPTED -> progress.count(session(event), "successfulInvoiceCount");
            case ConsumedEvents.INVOICE_REJECTED -> progress.count(session(event), "failedInvoiceCount");
            case ConsumedEvents.INVOICES_SETTLED -> progress.settled(event.as(ConsumedEvents.InvoicesSettled.class));
            default -> Uni.createFrom().voidItem();
        };
    }

    private static String session(EventEnvelope event) {
        String reference = event.as(ConsumedEvents.InvoiceEvent.class).referenceNumber();
        if (reference == null) {
            throw new EventEnvelope.MalformedEventException("no referenceNumber");
        }
        return reference;
    }
}

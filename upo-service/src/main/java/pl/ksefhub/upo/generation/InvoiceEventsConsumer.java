package pl.ksefhub.upo.generation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.CloudEvents;
import pl.ksefhub.platform.events.ProcessedEvents;

import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * {@code ksef.invoice.events}: {@code invoice.accepted} → projection + invoice UPO; {@code session.invoices-settled}
 * → session UPO. Anything else on the topic is none of this service's business. A record that cannot be handled
 * fails, and the channel's dead-letter strategy moves it to {@code ksef.invoice.events.dlq} with the reason.
 */
@ApplicationScoped
public class InvoiceEventsConsumer {

    static final String CONSUMER = "upo-service.invoice-events";
    static final String INVOICE_ACCEPTED = "ksef.invoice.accepted.v1";
    static final String INVOICES_SETTLED = "ksef.session.invoices-settled.v1";
    private static final Set<String> HANDLED = Set.of(INVOICE_ACCEPTED, INVOICES_SETTLED);

    private final ProcessedEvents processedEvents;
    private final UpoGeneration generation;

    public InvoiceEventsConsumer(ProcessedEvents processedEvents, UpoGeneration generation) {
        this.processedEvents = processedEvents;
        this.generation = generation;
    }

    @Incoming("invoice-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String type = header(record, CloudEvents.TYPE);
        if (type != null && !HANDLED.contains(type)) {
            // Skipped before any database work: most of this topic (received, rejected) is not for us.
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> processedEvents.handleOnce(CONSUMER, record, event ->
                switch (event.type()) {
                    case INVOICE_ACCEPTED -> generation.invoiceAccepted(event.as(InvoiceAccepted.class));
                    case INVOICES_SETTLED -> generation.invoicesSettled(event.as(InvoicesSettled.class));
                    default -> Uni.createFrom().voidItem();
                }));
    }

    static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

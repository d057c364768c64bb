package pl.ksefhub.invoice.upo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.EventHandler;

import java.time.OffsetDateTime;

/**
 * Fills {@code upoDownloadUrl} of an invoice once upo-service has made its UPO ({@code scope=invoice}). One UPO event
 * comes per invoice, so they are taken in batches (whatever one poll returned): one transaction, one statement for
 * the event ids; consumed the platform's one way ({@link EventConsumer}).
 */
@ApplicationScoped
public class UpoEventsConsumer implements EventHandler<UpoGenerated> {

    private static final Logger LOG = Logger.getLogger(UpoEventsConsumer.class);
    static final String CONSUMER = "invoice-service.upo-events";
    private static final String SET_URL = "update invoice set upo_download_url = :url,"
            + " upo_download_url_expiration = :expires where reference_number = :ref"
            + " and session_reference_number = :session";

    private final EventConsumer consumer;

    public UpoEventsConsumer(EventConsumer consumer) {
        this.consumer = consumer;
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvents(ConsumerRecords<String, String> records) {
        return consumer.consume(records, this);
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    /** The invoice UPO this event announces, null for events of no interest here. */
    @Override
    public UpoGenerated read(EventEnvelope event) {
        if (!UpoGenerated.TYPE.equals(event.type())) {
            return null;
        }
        UpoGenerated upo = event.as(UpoGenerated.class);
        if (!"invoice".equals(upo.scope())) {
            return null;
        }
        if (upo.referenceNumber() == null || upo.invoiceReferenceNumber() == null || upo.pages() == null
                || upo.pages().isEmpty() || upo.pages().get(0).downloadUrl() == null) {
            throw new MalformedEventException("invoice upo.generated without session, invoice or page");
        }
        return upo;
    }

    @Override
    public Uni<Void> apply(UpoGenerated upo) {
        UpoGenerated.Page page = upo.pages().get(0);
        return Panache.getSession().chain(session -> session.createNativeQuery(SET_URL)
                        .setParameter("url", page.downloadUrl())
                        .setParameter("expires", page.downloadUrlExpirationDate() == null
                                ? OffsetDateTime.now().plusDays(3) : page.downloadUrlExpirationDate())
                        .setParameter("ref", upo.invoiceReferenceNumber())
                        .setParameter("session", upo.referenceNumber())
                        .executeUpdate())
                .invoke(updated -> {
                    if (updated == 0) {
                        LOG.warnf("UPO for unknown invoice %s ignored", upo.invoiceReferenceNumber());
                    }
                })
                .replaceWithVoid();
    }
}

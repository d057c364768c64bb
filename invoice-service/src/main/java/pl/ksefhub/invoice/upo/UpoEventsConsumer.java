package pl.ksefhub.invoice.upo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.support.Failures;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.ProcessedEvents;

import java.time.Duration;
import java.time.OffsetDateTime;

/** Fills {@code upoDownloadUrl} of an invoice once upo-service has made its UPO ({@code scope=invoice}). */
@ApplicationScoped
public class UpoEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UpoEventsConsumer.class);
    static final String CONSUMER = "invoice-service.upo-events";
    private static final String SET_URL = "update invoice set upo_download_url = :url,"
            + " upo_download_url_expiration = :expires where reference_number = :ref"
            + " and session_reference_number = :session";

    private final ProcessedEvents processed;

    public UpoEventsConsumer(ProcessedEvents processed) {
        this.processed = processed;
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvent(ConsumerRecord<String, String> record) {
        return Uni.createFrom().deferred(() -> processed.handleOnce(CONSUMER, record, this::apply))
                .onFailure(e -> !Failures.isMalformedEvent(e))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .onFailure().invoke(e -> LOG.warnf("UPO event at %s-%d/%d refused: %s", record.topic(),
                        record.partition(), record.offset(), e.getMessage()));
    }

    private Uni<Void> apply(EventEnvelope event) {
        if (!UpoGenerated.TYPE.equals(event.type())) {
            return Uni.createFrom().voidItem();
        }
        UpoGenerated upo = event.as(UpoGenerated.class);
        if (!"invoice".equals(upo.scope())) {
            return Uni.createFrom().voidItem();
        }
        if (upo.referenceNumber() == null || upo.invoiceReferenceNumber() == null || upo.pages() == null
                || upo.pages().isEmpty() || upo.pages().get(0).downloadUrl() == null) {
            throw new MalformedEventException("invoice upo.generated without session, invoice or page");
        }
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

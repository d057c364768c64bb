package pl.ksefhub.invoice.upo;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.support.Failures;
import pl.ksefhub.platform.events.DeadLetters;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.ProcessedEvents;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/**
 * Fills {@code upoDownloadUrl} of an invoice once upo-service has made its UPO ({@code scope=invoice}). One UPO event
 * comes per invoice, so they are taken in batches (whatever one poll returned): one transaction, one statement for
 * the event ids. A record that is not a well-formed event goes alone to {@code ksef.upo.events.dlq}.
 */
@ApplicationScoped
public class UpoEventsConsumer {

    private static final Logger LOG = Logger.getLogger(UpoEventsConsumer.class);
    static final String CONSUMER = "invoice-service.upo-events";
    private static final String SET_URL = "update invoice set upo_download_url = :url,"
            + " upo_download_url_expiration = :expires where reference_number = :ref"
            + " and session_reference_number = :session";

    private final ProcessedEvents processed;
    private final DeadLetters deadLetters;

    public UpoEventsConsumer(ProcessedEvents processed, DeadLetters deadLetters) {
        this.processed = processed;
        this.deadLetters = deadLetters;
    }

    private record InvoiceUpo(String eventId, UpoGenerated upo) {
    }

    @Incoming("upo-events")
    public Uni<Void> onUpoEvents(ConsumerRecords<String, String> records) {
        List<InvoiceUpo> upos = new ArrayList<>();
        Uni<Void> deadLettered = Uni.createFrom().voidItem();
        for (ConsumerRecord<String, String> record : records) {
            try {
                EventEnvelope event = EventEnvelope.of(record);
                UpoGenerated upo = invoiceUpo(event);
                if (upo != null) {
                    upos.add(new InvoiceUpo(event.id(), upo));
                }
            } catch (MalformedEventException e) {
                deadLettered = deadLettered.chain(() -> deadLetters.send(record, e));
            }
        }
        if (upos.isEmpty()) {
            return deadLettered;
        }
        return deadLettered.chain(() -> Uni.createFrom().deferred(() -> Panache.withTransaction(() -> apply(upos)))
                .onFailure(e -> !Failures.isMalformedEvent(e))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .onFailure().invoke(e -> LOG.warnf("A batch of %d UPO events failed: %s", upos.size(),
                        e.getMessage())));
    }

    /** The invoice UPO this event announces, null for events of no interest here. */
    private static UpoGenerated invoiceUpo(EventEnvelope event) {
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

    private Uni<Void> apply(List<InvoiceUpo> upos) {
        return processed.firstTimes(CONSUMER, upos.stream().map(InvoiceUpo::eventId).toList()).chain(fresh -> {
            Uni<Void> all = Uni.createFrom().voidItem();
            for (InvoiceUpo upo : upos) {
                if (fresh.remove(upo.eventId())) {
                    all = all.chain(() -> setUrl(upo.upo()));
                }
            }
            return all;
        });
    }

    private Uni<Void> setUrl(UpoGenerated upo) {
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

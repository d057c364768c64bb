package pl.ksefhub.invoice.batch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.outbox.Outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Answers a batch close's question (session-service's batch-parts-check-requested): which declared parts this
 * service has not stored. Called inside the session-events consumer's transaction, so the answer is enqueued once,
 * with the event's processed mark.
 * <p>
 * Why session-service has applied every part-uploaded event of a stored part by the time it sees the answer: the
 * session row is locked first, as {@link PartUploads#uploaded} locks it, so an upload either committed (its part row
 * and its outbox row) before this reads the parts, or it is not counted. A committed upload's outbox row has a lower
 * id than this answer's, and the relay publishes pending rows in id order, one batch at a time, awaiting every ack
 * (idempotent producer), with the same key: the same partition, the upload's event first. session-service reads both
 * with one consumer in partition order. It still decides from the ordinals in the answer only.
 */
@ApplicationScoped
public class PartsChecks {

    private static final Logger LOG = Logger.getLogger(PartsChecks.class);

    private final Outbox outbox;

    public PartsChecks(Outbox outbox) {
        this.outbox = outbox;
    }

    public Uni<Void> answer(PartsCheckRequested request) {
        return Panache.getSession()
                .chain(s -> s.find(InvoicingSession.class, request.referenceNumber(), LockModeType.PESSIMISTIC_WRITE))
                .chain(session -> {
                    if (session == null || !InvoicingSession.BATCH.equals(session.sessionType)) {
                        // No word without the parts: the close then answers 503, never 21205.
                        LOG.warnf("Parts check %s of unknown batch session %s not answered", request.checkId(),
                                request.referenceNumber());
                        return Uni.createFrom().voidItem();
                    }
                    return BatchPart.<BatchPart>list("sessionReferenceNumber = ?1 and uploadedAt is null"
                                    + " order by ordinalNumber", request.referenceNumber())
                            .chain(missing -> outbox.enqueue(InvoiceEvents.TOPIC, request.referenceNumber(),
                                    BatchEvents.PARTS_CHECKED, new BatchEvents.PartsChecked(
                                            request.referenceNumber(), request.checkId(),
                                            missing.stream().map(part -> part.ordinalNumber).toList(),
                                            OffsetDateTime.now(ZoneOffset.UTC))))
                            .replaceWithVoid();
                });
    }
}

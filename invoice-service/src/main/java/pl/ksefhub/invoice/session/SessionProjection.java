package pl.ksefhub.invoice.session;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.batch.BatchPart;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.settlement.SessionSettlement;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;

/** Applies session events to the local session projection; called inside the consumer's transaction. */
@ApplicationScoped
public class SessionProjection {

    private static final Logger LOG = Logger.getLogger(SessionProjection.class);
    private static final String CLOSE = "update invoicing_session set closed_at = coalesce(closed_at, :closedAt),"
            + " close_reason = coalesce(close_reason, :reason),"
            // A batch package closed by the client is processed; one cancelled (timed out) never is.
            + " package_state = case when package_state = 'awaiting' then"
            + " (case when :reason = 'closed' then 'pending' else 'cancelled' end) else package_state end"
            + " where reference_number = :ref";

    private final InvoicingSessionRepository sessions;
    private final SessionSettlement settlement;

    public SessionProjection(InvoicingSessionRepository sessions, SessionSettlement settlement) {
        this.sessions = sessions;
        this.settlement = settlement;
    }

    public Uni<Void> opened(SessionOpened event) {
        return sessions.find(event.referenceNumber())
                .chain(existing -> existing != null
                        ? Uni.createFrom().voidItem()
                        : sessions.persist(event.toSession()).chain(() -> declaredParts(event)));
    }

    private static Uni<Void> declaredParts(SessionOpened event) {
        if (!event.isBatchSession()) {
            return Uni.createFrom().voidItem();
        }
        List<BatchPart> parts = new ArrayList<>();
        for (SessionOpened.BatchPart declared : event.batch().parts()) {
            BatchPart part = new BatchPart();
            part.sessionReferenceNumber = event.referenceNumber();
            part.ordinalNumber = declared.ordinalNumber();
            part.declaredSize = declared.fileSize();
            part.declaredHash = declared.fileHash();
            part.uploadTokenHash = declared.uploadTokenHash();
            parts.add(part);
        }
        return BatchPart.persist(parts);
    }

    /** Marks the session closed (the first close wins) and settles it when no invoice is pending. */
    public Uni<Void> closed(SessionClosed event) {
        OffsetDateTime closedAt = event.closedAt() == null ? OffsetDateTime.now() : event.closedAt();
        return Panache.getSession().chain(session -> session.createNativeQuery(CLOSE)
                        .setParameter("closedAt", closedAt)
                        .setParameter("reason", event.reason() == null ? "closed" : event.reason())
                        .setParameter("ref", event.referenceNumber())
                        .executeUpdate())
                .chain(updated -> {
                    if (updated == 0) {
                        LOG.warnf("session.closed for unknown session %s ignored", event.referenceNumber());
                        return Uni.createFrom().voidItem();
                    }
                    return settlement.settleIfComplete(event.referenceNumber()).replaceWithVoid();
                });
    }
}

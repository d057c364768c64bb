package pl.ksefhub.invoice.settlement;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.outbox.Outbox;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Settles a session once: closed, and none of its invoices still waiting for processing. Called by whoever may have
 * made that true (the {@code session.closed} consumer, the worker finishing invoices), inside their transaction.
 * The session row is locked first, so two transactions finishing the last invoices concurrently serialise here
 * and the later one sees the earlier one's work: the session is never left unsettled, nor settled twice.
 */
@ApplicationScoped
public class SessionSettlement {

    // A batch session is due once its package was unpacked (or will never be): until then its invoices are not
    // all rows yet, and "none pending" would settle it early.
    private static final String LOCK_IF_DUE = "select closed_at is not null and settled_at is null"
            + " and (package_state is null or package_state in ('unpacked', 'rejected', 'cancelled'))"
            + " from invoicing_session where reference_number = :ref for update";
    private static final String COUNT = "select count(*), count(*) filter (where status_code = 200),"
            + " count(*) filter (where status_code >= 400), count(*) filter (where status_code in (100, 150))"
            + " from invoice where session_reference_number = :ref";
    private static final String MARK_SETTLED =
            "update invoicing_session set settled_at = :settledAt where reference_number = :ref";

    private final Outbox outbox;

    public SessionSettlement(Outbox outbox) {
        this.outbox = outbox;
    }

    /** Inside a transaction; true when this call settled the session. */
    public Uni<Boolean> settleIfComplete(String sessionReferenceNumber) {
        return Panache.getSession().chain(session -> session.flush()
                .chain(() -> session.createNativeQuery(LOCK_IF_DUE, Boolean.class)
                        .setParameter("ref", sessionReferenceNumber)
                        .getSingleResultOrNull())
                .chain(due -> Boolean.TRUE.equals(due)
                        ? settleIfNothingPending(session, sessionReferenceNumber)
                        : Uni.createFrom().item(false)));
    }

    private Uni<Boolean> settleIfNothingPending(Mutiny.Session session, String ref) {
        return session.createNativeQuery(COUNT, Object[].class).setParameter("ref", ref).getSingleResult()
                .chain(counts -> {
                    if (number(counts[3]) > 0) {
                        return Uni.createFrom().item(false);
                    }
                    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
                    SessionInvoicesSettled settled = new SessionInvoicesSettled(ref, number(counts[0]),
                            number(counts[1]), number(counts[2]), now);
                    return session.createNativeQuery(MARK_SETTLED)
                            .setParameter("settledAt", now)
                            .setParameter("ref", ref)
                            .executeUpdate()
                            .chain(() -> outbox.enqueue(InvoiceEvents.TOPIC, ref, SessionInvoicesSettled.TYPE,
                                    settled))
                            .replaceWith(true);
                });
    }

    private static int number(Object value) {
        return ((Number) value).intValue();
    }
}

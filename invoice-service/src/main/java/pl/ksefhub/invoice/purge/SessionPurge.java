package pl.ksefhub.invoice.purge;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.purge.Purge;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * invoice-service's rows of a session being deleted ({@code session.deletion-requested}), in the consumer's
 * transaction with the record of that event, then {@code session.invoices-purged} through the outbox:
 * <ul>
 *     <li>{@code invoice_content}: the invoices' XML,</li>
 *     <li>{@code invoice}: the invoices with their status, hashes, KSeF numbers and UPO download links,</li>
 *     <li>{@code batch_part}: a batch session's declared parts and their uploads (the stored part files go after
 *     the commit, {@code PackageWorker.discard}),</li>
 *     <li>{@code invoicing_session}: the session projection with its wrapped AES key,</li>
 *     <li>{@code outbox_event} rows keyed by the session (the invoice events, their payloads), sent or not.</li>
 * </ul>
 * Children first (foreign keys). A table that gets rows of sessions adds its statement to {@link #STATEMENTS}. Kept: {@code processed_event} rows (consumer and event id only): they make a redelivered
 * {@code session.opened} or {@code submission-assigned} change nothing instead of recreating the session.
 */
@ApplicationScoped
public class SessionPurge {

    private static final Logger LOG = Logger.getLogger(SessionPurge.class);

    /** The count of {@link #INVOICE_ROWS} is the confirmation's {@code invoiceCount}. */
    static final List<String> STATEMENTS = List.of(
            "delete from invoice_content where invoice_row_id in"
                    + " (select id from invoice where session_reference_number = :ref)",
            "delete from invoice_third_subject where invoice_row_id in"
                    + " (select id from invoice where session_reference_number = :ref)",
            "delete from invoice where session_reference_number = :ref",
            "delete from batch_part where session_reference_number = :ref",
            "delete from invoicing_session where reference_number = :ref");

    private static final int INVOICE_ROWS = 2;

    private final Purge purge;
    private final Outbox outbox;

    public SessionPurge(Purge purge, Outbox outbox) {
        this.purge = purge;
        this.outbox = outbox;
    }

    /** Inside the consumer's transaction. A session this service never knew is confirmed all the same. */
    public Uni<Void> purge(String referenceNumber) {
        return Panache.getSession().chain(session -> session.createSelectionQuery(
                                "select i.invoiceId from Invoice i where i.sessionReferenceNumber = :ref"
                                        + " and i.invoiceId is not null order by i.invoiceId", Long.class)
                        .setParameter("ref", referenceNumber).getResultList())
                .chain(invoiceIds -> purge.run(referenceNumber, STATEMENTS, Map.of("ref", referenceNumber))
                        .chain(counts -> {
                            int invoiceCount = counts.get(INVOICE_ROWS);
                            LOG.infof("Session %s purged: %d invoices", referenceNumber, invoiceCount);
                            return outbox.enqueue(InvoiceEvents.TOPIC, referenceNumber, SessionInvoicesPurged.TYPE,
                                    new SessionInvoicesPurged(referenceNumber, invoiceCount, invoiceIds,
                                            OffsetDateTime.now(ZoneOffset.UTC)));
                        }))
                .replaceWithVoid();
    }

    /**
     * Inside the consumer's transaction: {@code session.deleted} came, so the confirmation was read; its outbox row,
     * the last one of the session here, goes too.
     */
    public Uni<Void> forgetConfirmation(String referenceNumber) {
        return outbox.forget(referenceNumber).replaceWithVoid();
    }
}

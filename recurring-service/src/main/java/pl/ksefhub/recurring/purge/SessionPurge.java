package pl.ksefhub.recurring.purge;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.purge.Purge;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * recurring-service's rows of a session being deleted, in the consumer's transaction with the record of
 * {@code session.invoices-purged}, then {@code session.sale-documents-purged} through the outbox.
 * <p>
 * Triggered by invoice-service's {@code session.invoices-purged}, not by {@code session.deletion-requested}: it
 * comes after every {@code invoice.accepted} of the session on the same partition of {@code ksef.invoice.events},
 * so a sale document this service had not read yet cannot be created after the purge (two topics keep no order
 * between them). The sale documents are those of the session's reference number or of the invoice ids it names.
 * <ul>
 *     <li>{@code recurring_occurrence}: an occurrence that issued one of the session's invoices keeps its row (its
 *     unique keys are what makes "issued once" hold: without it the scheduler would issue it again) but no longer
 *     names the invoice: invoice id, KSeF number, invoice number and UPO go, a pending e-mail is not sent;</li>
 *     <li>{@code recurring_occurrence} and {@code recurring_document} of a recurring document that repeats one of
 *     the session's invoices: with the invoice gone there is nothing to repeat (reachable in test mode only, where a
 *     session with accepted invoices may be deleted);</li>
 *     <li>{@code sale_document}: the projection of the session's accepted invoices, with their XML;</li>
 *     <li>{@code outbox_event} rows keyed by the session.</li>
 * </ul>
 * A table that gets rows of sessions adds its statement to {@link #STATEMENTS}. Kept: {@code processed_event} rows
 * (consumer and event id only), which make a redelivered {@code invoice.accepted} change nothing.
 */
@ApplicationScoped
public class SessionPurge {

    private static final Logger LOG = Logger.getLogger(SessionPurge.class);
    private static final String OF_SESSION = "(select id from sale_document where session_reference_number = :ref"
            + " or id = any(cast(:ids as bigint[])))";

    /** In order: occurrences issued from the session, then recurring documents repeating it, then the documents. */
    static final List<String> STATEMENTS = List.of(
            "update recurring_occurrence set invoice_id = null, ksef_number = null, invoice_number = null,"
                    + " upo_xml = null, mail_status = case when mail_status = 'pending' then 'none'"
                    + " else mail_status end where invoice_id in " + OF_SESSION,
            "delete from recurring_occurrence where recurring_document_id in"
                    + " (select id from recurring_document where sale_document_id in " + OF_SESSION + ")",
            "delete from recurring_document where sale_document_id in " + OF_SESSION,
            "delete from sale_document where id in " + OF_SESSION);

    private final Purge purge;
    private final Outbox outbox;

    public SessionPurge(Purge purge, Outbox outbox) {
        this.purge = purge;
        this.outbox = outbox;
    }

    /** Inside the consumer's transaction. A session of which nothing is held here is confirmed all the same. */
    public Uni<Void> purge(SessionInvoicesPurged purged) {
        String reference = purged.referenceNumber();
        Long[] ids = purged.invoiceIds() == null ? new Long[0] : purged.invoiceIds().toArray(Long[]::new);
        // The batch consumer flushes at commit: what this transaction created before (a sale document of the same
        // batch) must be in the database before it is deleted, or the commit would write it after the delete.
        return Panache.getSession().chain(session -> session.flush())
                .chain(() -> purge.run(reference, STATEMENTS, Map.of("ref", reference, "ids", ids)))
                .chain(counts -> outbox.enqueue(SessionSaleDocumentsPurged.TOPIC, reference,
                        SessionSaleDocumentsPurged.TYPE,
                        new SessionSaleDocumentsPurged(reference, counts.get(3), counts.get(2), counts.get(0),
                                OffsetDateTime.now(ZoneOffset.UTC)))
                        .invoke(() -> LOG.infof("Session %s purged: %d sale documents, %d recurring documents",
                                reference, counts.get(3), counts.get(2))))
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

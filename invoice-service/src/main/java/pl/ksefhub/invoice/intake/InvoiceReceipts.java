package pl.ksefhub.invoice.intake;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.session.InvoicingSessionRepository;
import pl.ksefhub.invoice.store.InvoiceStatus;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.platform.tracing.LogFields;
import pl.ksefhub.platform.tracing.Traceparents;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Stores a received invoice with its ordinal number, its XML and its {@code invoice.received} event in one
 * statement, so in one round trip and atomically without a transaction around it. The statement takes the next
 * ordinal number by updating the session row, which locks it: the ordinal numbers and the session's invoice limit
 * hold under concurrent sends, and a close that committed meanwhile is seen (the update re-checks its condition
 * on the row it waited for).
 */
@ApplicationScoped
public class InvoiceReceipts {

    /**
     * The session's condition is {@link SendChecks#requireOpen}'s rule (key valid, not closed, before
     * {@code valid_until}, under the limit) in SQL; a send it refuses is told why by that method on a fresh read.
     * The event is made in Java with ordinal number 0, which {@code jsonb_set} replaces with the one assigned here.
     */
    private static final String RECEIVE = """
            with session as (
                update invoicing_session set invoice_count = invoice_count + 1
                where reference_number = $1 and key_valid and closed_at is null and valid_until > $2
                    and invoice_count < invoice_limit
                returning invoice_count
            ), received as (
                insert into invoice (reference_number, session_reference_number, ordinal_number, invoice_hash,
                    invoice_size, encrypted_invoice_hash, encrypted_invoice_size, offline_mode,
                    hash_of_corrected_invoice, decryption_failed, invoicing_date, status_code, status_description,
                    traceparent)
                select $3, $1, invoice_count, $4, $5, $6, $7, $8, $9, $10, $2, $11, $12, $13 from session
                returning id, ordinal_number
            ), content as (
                insert into invoice_content (invoice_row_id, content) select id, $14::bytea from received
                where $14::bytea is not null
            ), event as (
                insert into outbox_event (%s)
                select $15, $16, $17, $18, jsonb_set($19::text::jsonb, '{ordinalNumber}', to_jsonb(ordinal_number))::text,
                    $20 from received
            )
            select ordinal_number from received
            """.formatted(Outbox.COLUMNS);

    private final Pool pool;
    private final InvoicingSessionRepository sessions;
    private final Outbox outbox;

    public InvoiceReceipts(Pool pool, InvoicingSessionRepository sessions, Outbox outbox) {
        this.pool = pool;
        this.sessions = sessions;
        this.outbox = outbox;
    }

    /**
     * @param plaintext the decrypted XML, or null when the ciphertext did not decrypt (the invoice ends as 435)
     * @return the invoice's reference number
     */
    public Uni<String> store(String sessionReferenceNumber, ValidatedSend send, byte[] plaintext) {
        return store(sessionReferenceNumber, ReferenceNumbers.next(ReferenceNumbers.INVOICE), send, plaintext);
    }

    /** With a given invoice reference number: package-private for the outbox atomicity test. */
    Uni<String> store(String sessionReferenceNumber, String invoiceReferenceNumber, ValidatedSend send,
                      byte[] plaintext) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        LogFields.put(LogFields.INVOICE, invoiceReferenceNumber);
        Outbox.EventRow event;
        try {
            event = outbox.row(InvoiceEvents.TOPIC, sessionReferenceNumber, InvoiceReceived.TYPE,
                    new InvoiceReceived(sessionReferenceNumber, invoiceReferenceNumber, 0, now));
        } catch (IllegalArgumentException e) {
            return Uni.createFrom().failure(e);
        }
        String traceparent = Traceparents.current();
        Tuple values = Tuple.tuple()
                .addString(sessionReferenceNumber)
                .addOffsetDateTime(now)
                .addString(invoiceReferenceNumber)
                .addString(send.invoiceHash())
                .addLong(send.invoiceSize())
                .addString(send.encryptedInvoiceHash())
                .addLong(send.encryptedInvoiceSize())
                .addBoolean(send.offlineMode())
                .addString(send.hashOfCorrectedInvoice())
                .addBoolean(plaintext == null)
                .addInteger(InvoiceStatus.RECEIVED.code())
                .addString(InvoiceStatus.RECEIVED.description())
                .addString(traceparent)
                .addValue(plaintext == null ? null : Buffer.buffer(plaintext))
                .addString(event.eventId())
                .addString(event.topic())
                .addString(event.key())
                .addString(event.type())
                .addString(event.payload())
                .addString(event.traceparent());
        return pool.preparedQuery(RECEIVE).execute(values)
                .chain(rows -> rows.size() == 1 ? Uni.createFrom().item(invoiceReferenceNumber)
                        : refusal(sessionReferenceNumber, now))
                .invoke(outbox::written);
    }

    /**
     * Why the statement stored nothing, from the session as it is now: a session only ever moves towards refusing
     * sends (closed, expired, full), so what refused the update refuses here too.
     */
    private Uni<String> refusal(String sessionReferenceNumber, OffsetDateTime now) {
        return Panache.withSession(() -> sessions.find(sessionReferenceNumber)).map(session -> {
            SendChecks.requireOpen(session, sessionReferenceNumber, now);
            throw KsefException.badRequest(21180, "Status sesji nie pozwala na wykonanie operacji.",
                    "Sesja o numerze referencyjnym " + sessionReferenceNumber + " nie przyjmuje faktur.");
        });
    }
}

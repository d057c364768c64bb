package pl.ksefhub.invoice.intake;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceContent;
import pl.ksefhub.invoice.store.InvoiceContentRepository;
import pl.ksefhub.invoice.store.InvoiceRepository;
import pl.ksefhub.invoice.store.InvoiceStatus;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.platform.tracing.LogFields;
import pl.ksefhub.platform.tracing.Traceparents;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * Stores a received invoice with its ordinal number and its {@code invoice.received} event in one transaction. The
 * session row is locked, so the ordinal numbers and the session's invoice limit hold under concurrent sends, and a
 * close that committed meanwhile is seen.
 */
@ApplicationScoped
public class InvoiceReceipts {

    private final InvoiceRepository invoices;
    private final InvoiceContentRepository contents;
    private final Outbox outbox;

    public InvoiceReceipts(InvoiceRepository invoices, InvoiceContentRepository contents, Outbox outbox) {
        this.invoices = invoices;
        this.contents = contents;
        this.outbox = outbox;
    }

    /**
     * @param plaintext the decrypted XML, or null when the ciphertext did not decrypt (the invoice ends as 435)
     */
    public Uni<Invoice> store(String sessionReferenceNumber, ValidatedSend send, byte[] plaintext) {
        return store(sessionReferenceNumber, ReferenceNumbers.next(ReferenceNumbers.INVOICE), send, plaintext);
    }

    /** With a given invoice reference number: package-private for the outbox atomicity test. */
    @WithTransaction
    Uni<Invoice> store(String sessionReferenceNumber, String invoiceReferenceNumber, ValidatedSend send,
                       byte[] plaintext) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        return Panache.getSession()
                .chain(session -> session.find(InvoicingSession.class, sessionReferenceNumber,
                        LockModeType.PESSIMISTIC_WRITE))
                .chain(session -> {
                    SendChecks.requireOpen(session, sessionReferenceNumber, now);
                    session.invoiceCount = session.invoiceCount + 1;
                    Invoice invoice = newInvoice(session, invoiceReferenceNumber, send, plaintext == null, now);
                    LogFields.put(LogFields.INVOICE, invoice.referenceNumber);
                    return outbox.enqueue(InvoiceEvents.TOPIC, sessionReferenceNumber, InvoiceReceived.TYPE,
                                    new InvoiceReceived(sessionReferenceNumber, invoice.referenceNumber,
                                            invoice.ordinalNumber, now))
                            .chain(() -> invoices.persist(invoice))
                            .chain(() -> plaintext == null ? Uni.createFrom().voidItem()
                                    : contents.persist(InvoiceContent.of(invoice.id, plaintext)).replaceWithVoid())
                            .replaceWith(invoice);
                });
    }

    private static Invoice newInvoice(InvoicingSession session, String referenceNumber, ValidatedSend send,
                                      boolean decryptionFailed, OffsetDateTime now) {
        Invoice invoice = new Invoice();
        invoice.referenceNumber = referenceNumber;
        invoice.sessionReferenceNumber = session.referenceNumber;
        invoice.ordinalNumber = session.invoiceCount;
        invoice.invoiceHash = send.invoiceHash();
        invoice.invoiceSize = send.invoiceSize();
        invoice.encryptedInvoiceHash = send.encryptedInvoiceHash();
        invoice.encryptedInvoiceSize = send.encryptedInvoiceSize();
        invoice.offlineMode = send.offlineMode();
        invoice.hashOfCorrectedInvoice = send.hashOfCorrectedInvoice();
        invoice.decryptionFailed = decryptionFailed;
        invoice.invoicingDate = now;
        invoice.traceparent = Traceparents.current();
        invoice.setStatus(InvoiceStatus.RECEIVED);
        return invoice;
    }
}

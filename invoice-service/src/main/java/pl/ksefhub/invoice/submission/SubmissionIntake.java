package pl.ksefhub.invoice.submission;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.intake.InvoiceReceived;
import pl.ksefhub.invoice.processing.InvoiceRejected;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceContent;
import pl.ksefhub.invoice.store.InvoiceContentRepository;
import pl.ksefhub.invoice.store.InvoiceRepository;
import pl.ksefhub.invoice.store.InvoiceStatus;
import pl.ksefhub.invoice.store.StatusJson;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Stores an upstream submission that session-service assigned to an event session, as the next invoice of that
 * session, with its {@code invoice.received} event, inside the consumer's transaction. From there on it is an
 * invoice like one sent over HTTP: the processing worker validates and numbers it.
 * <p>
 * A template submission is rendered here, from the accepted invoice {@code saleDocumentId} of the same context;
 * when there is no such invoice the submission is stored as rejected (450) at once, so that the sender gets an
 * {@code invoice.rejected} with its correlation id and the session counts it like any other failed invoice.
 */
@ApplicationScoped
public class SubmissionIntake {

    private static final Logger LOG = Logger.getLogger(SubmissionIntake.class);
    private static final String TAKEN_NUMBERS = "select invoice_number from invoice where seller_nip = :nip"
            + " and (invoice_number = :base or invoice_number like :pattern escape '\\')";

    private final InvoiceRepository invoices;
    private final InvoiceContentRepository contents;
    private final Outbox outbox;

    public SubmissionIntake(InvoiceRepository invoices, InvoiceContentRepository contents, Outbox outbox) {
        this.invoices = invoices;
        this.contents = contents;
        this.outbox = outbox;
    }

    /**
     * @return the invoice stored (received, or rejected at once), null when the submission was stored before; the
     *         consumer counts a rejected one among the final statuses once its transaction has committed
     */
    public Uni<Invoice> assigned(SubmissionAssigned submission) {
        return invoices.find("correlationId", submission.correlationId()).firstResult().chain(existing -> {
            if (existing != null) {
                // Delivered again (or re-published by the sender under a new event id): one invoice only.
                LOG.infof("Submission %s already stored as %s, ignored", submission.correlationId(),
                        existing.referenceNumber);
                return Uni.createFrom().<Invoice>nullItem();
            }
            return Panache.getSession()
                    .chain(db -> db.find(InvoicingSession.class, submission.referenceNumber(),
                            LockModeType.PESSIMISTIC_WRITE))
                    .chain(session -> {
                        requireAssignable(session, submission);
                        return submission.template() == null
                                ? receive(session, submission, submission.invoiceXml()
                                        .getBytes(StandardCharsets.UTF_8), null)
                                : fromTemplate(session, submission);
                    });
        });
    }

    /**
     * The session comes before its submissions on the same partition, so a missing, foreign or full session is a
     * broken event, not a race: it goes to the dead-letter topic with the reason.
     */
    private static void requireAssignable(InvoicingSession session, SubmissionAssigned submission) {
        if (session == null || !session.isEventSession()) {
            throw new MalformedEventException("submission-assigned to unknown event session "
                    + submission.referenceNumber());
        }
        if (!session.belongsTo(submission.context().type(), submission.context().value())) {
            throw new MalformedEventException("submission-assigned to session " + submission.referenceNumber()
                    + " of another context");
        }
        if (session.closedAt != null) {
            throw new MalformedEventException("submission-assigned to closed session " + submission.referenceNumber());
        }
        if (session.invoiceCount >= session.invoiceLimit) {
            throw new MalformedEventException("submission-assigned to full session " + submission.referenceNumber());
        }
    }

    private Uni<Invoice> fromTemplate(InvoicingSession session, SubmissionAssigned submission) {
        SubmissionAssigned.Template template = submission.template();
        return invoices.find("invoiceId = ?1 and ksefNumber is not null", template.saleDocumentId()).firstResult()
                .chain(original -> original == null ? Uni.createFrom().<Invoice>nullItem()
                        : Panache.getSession().chain(db -> db.find(InvoicingSession.class,
                                original.sessionReferenceNumber))
                        .map(owner -> owner != null && owner.belongsTo(session.contextType, session.contextValue)
                                ? owner : null)
                        .chain(owner -> owner == null ? Uni.createFrom().<Invoice>nullItem()
                                : render(session, submission, original)))
                .chain(rendered -> rendered != null ? Uni.createFrom().<Invoice>item(rendered)
                        : rejectUnknownTemplate(session, submission));
    }

    private Uni<Invoice> render(InvoicingSession session, SubmissionAssigned submission, Invoice original) {
        SubmissionAssigned.Template template = submission.template();
        String base = TemplateRenderer.numberPrefix(original.invoiceNumber, template.issueDate());
        return contents.findById(original.id)
                .chain(content -> takenNumbers(original.sellerNip, base).chain(taken -> {
                    String number = TemplateRenderer.nextNumber(original.invoiceNumber, template.issueDate(), taken);
                    byte[] xml;
                    try {
                        xml = TemplateRenderer.render(content.content, number, template.issueDate(),
                                OffsetDateTime.now(ZoneOffset.UTC));
                    } catch (IllegalArgumentException e) {
                        throw new MalformedEventException("template " + template.saleDocumentId() + ": "
                                + e.getMessage());
                    }
                    // Known before processing, so that the next submission of the same month sees it as taken.
                    Invoice known = new Invoice();
                    known.sellerNip = original.sellerNip;
                    known.invoiceNumber = number;
                    return receive(session, submission, xml, known);
                }));
    }

    private Uni<Set<String>> takenNumbers(String sellerNip, String base) {
        String pattern = base.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "/%";
        return Panache.getSession().chain(db -> db.createNativeQuery(TAKEN_NUMBERS, String.class)
                .setParameter("nip", sellerNip)
                .setParameter("base", base)
                .setParameter("pattern", pattern)
                .getResultList()).map(HashSet::new);
    }

    private Uni<Invoice> receive(InvoicingSession session, SubmissionAssigned submission, byte[] xml,
                                 Invoice known) {
        OffsetDateTime now = now();
        Invoice invoice = newInvoice(session, submission, sha256(xml), xml.length, now);
        if (known != null) {
            invoice.sellerNip = known.sellerNip;
            invoice.invoiceNumber = known.invoiceNumber;
        }
        return outbox.enqueue(InvoiceEvents.TOPIC, session.referenceNumber, InvoiceReceived.TYPE,
                        new InvoiceReceived(session.referenceNumber, invoice.referenceNumber, invoice.ordinalNumber,
                                now))
                .chain(() -> invoices.persist(invoice))
                .chain(() -> contents.persist(InvoiceContent.of(invoice.id, xml)))
                .replaceWith(invoice);
    }

    private Uni<Invoice> rejectUnknownTemplate(InvoicingSession session, SubmissionAssigned submission) {
        OffsetDateTime now = now();
        List<String> details = List.of("Nie znaleziono dokumentu sprzedaży "
                + submission.template().saleDocumentId());
        Invoice invoice = newInvoice(session, submission, sha256(new byte[0]), 0, now);
        invoice.setStatus(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED);
        invoice.statusDetails = StatusJson.write(details);
        invoice.invoicingMode = "Online";
        InvoiceRejected rejected = new InvoiceRejected(session.referenceNumber, invoice.referenceNumber,
                invoice.ordinalNumber, new InvoiceRejected.Status(InvoiceStatus.SEMANTIC_VERIFICATION_FAILED.code(),
                InvoiceStatus.SEMANTIC_VERIFICATION_FAILED.description(), details),
                new ContextIdentifier(session.contextType, session.contextValue), submission.correlationId());
        return outbox.enqueue(InvoiceEvents.TOPIC, session.referenceNumber, InvoiceReceived.TYPE,
                        new InvoiceReceived(session.referenceNumber, invoice.referenceNumber, invoice.ordinalNumber,
                                now))
                .chain(() -> invoices.persist(invoice))
                .chain(() -> outbox.enqueue(InvoiceEvents.TOPIC, session.referenceNumber, InvoiceRejected.TYPE,
                        rejected))
                .replaceWith(invoice);
    }

    /**
     * A submission has no ciphertext: its "encrypted" hash and size are those of the plaintext, so that the
     * status API shows consistent values.
     */
    private static Invoice newInvoice(InvoicingSession session, SubmissionAssigned submission, String hash,
                                      long size, OffsetDateTime now) {
        session.invoiceCount = session.invoiceCount + 1;
        Invoice invoice = new Invoice();
        invoice.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.INVOICE);
        invoice.sessionReferenceNumber = session.referenceNumber;
        invoice.ordinalNumber = session.invoiceCount;
        invoice.invoiceHash = hash;
        invoice.invoiceSize = size;
        invoice.encryptedInvoiceHash = hash;
        invoice.encryptedInvoiceSize = size;
        invoice.offlineMode = false;
        invoice.decryptionFailed = false;
        invoice.invoicingDate = now;
        invoice.correlationId = submission.correlationId();
        invoice.setStatus(InvoiceStatus.RECEIVED);
        return invoice;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
    }

    private static String sha256(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

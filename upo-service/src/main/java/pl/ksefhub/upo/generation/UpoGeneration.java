package pl.ksefhub.upo.generation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.upo.UpoConfig;
import pl.ksefhub.upo.document.SignedUpo;
import pl.ksefhub.upo.document.UpoDocument;
import pl.ksefhub.upo.document.UpoEntry;
import pl.ksefhub.upo.document.UpoHeader;
import pl.ksefhub.upo.document.UpoPage;
import pl.ksefhub.upo.document.UpoPages;
import pl.ksefhub.upo.document.UpoSigner;
import pl.ksefhub.upo.document.UpoXml;
import pl.ksefhub.upo.retrieval.DownloadLinks;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds, signs and stores UPOs and announces them, in the caller's transaction (the consumer's, which also records
 * the event as processed): the UPO rows and the {@code upo.generated} outbox row commit together or not at all.
 * Idempotent on top of that: an invoice that already has its UPO, a session that already has its pages, get nothing
 * new (unique indexes back this up).
 */
@ApplicationScoped
public class UpoGeneration {

    private static final Logger LOG = Logger.getLogger(UpoGeneration.class);

    private final UpoRows rows;
    private final Outbox outbox;
    private final UpoSigner signer;
    private final DownloadLinks links;
    private final UpoConfig config;

    public UpoGeneration(UpoRows rows, Outbox outbox, UpoSigner signer, DownloadLinks links, UpoConfig config) {
        this.rows = rows;
        this.outbox = outbox;
        this.signer = signer;
        this.links = links;
        this.config = config;
    }

    /**
     * Checks that the event has everything a UPO needs.
     *
     * @throws MalformedEventException when it does not
     */
    public static InvoiceAccepted checked(InvoiceAccepted event) {
        List<String> missing = event.missingFields();
        if (!missing.isEmpty()) {
            throw new MalformedEventException("invoice.accepted without " + String.join(", ", missing));
        }
        requireKnownContextType(event.context().type());
        return event;
    }

    /**
     * Signs the invoice's UPO: CPU work only, done outside any transaction and for many invoices in parallel;
     * {@link #newInvoiceUpo} then makes its rows, unless the invoice has one already.
     */
    public PreparedInvoiceUpo prepareInvoiceUpo(InvoiceAccepted event) {
        AcceptedInvoice invoice = AcceptedInvoice.of(checked(event));
        return new PreparedInvoiceUpo(event, signer.sign(UpoXml.invoice(invoice.header(), invoice.entry())));
    }

    /** An accepted invoice with its signed UPO, not stored yet. */
    public record PreparedInvoiceUpo(InvoiceAccepted event, SignedUpo upo) {
    }

    /**
     * For an invoice the caller knows to have no UPO yet: the invoice's projection row, its UPO row and the
     * {@code upo.generated} that announces them, none written yet: the caller writes a whole batch's rows with
     * {@link UpoRows} and its events with the outbox, in its transaction.
     */
    public NewInvoiceUpo newInvoiceUpo(PreparedInvoiceUpo prepared) {
        AcceptedInvoice invoice = AcceptedInvoice.of(prepared.event());
        SignedUpo signed = prepared.upo();
        UpoDocument document = document(invoice.sessionReferenceNumber, UpoDocument.INVOICE, invoice.contextType,
                invoice.contextValue, signed);
        document.invoiceReferenceNumber = invoice.invoiceReferenceNumber;
        document.ksefNumber = invoice.ksefNumber;
        DownloadLinks.DownloadLink link = links.create(document.referenceNumber, Instant.now());
        UpoGenerated event = new UpoGenerated(invoice.sessionReferenceNumber, UpoDocument.INVOICE,
                invoice.invoiceReferenceNumber, invoice.ksefNumber,
                List.of(new UpoGenerated.Page(document.referenceNumber, link.url(), link.expiresAt())),
                invoice.correlationId,
                invoice.correlationId == null ? null : new String(signed.content(), StandardCharsets.UTF_8));
        return new NewInvoiceUpo(invoice, document, event);
    }

    /** The rows and the event of one invoice's new UPO ({@link #newInvoiceUpo}). */
    public record NewInvoiceUpo(AcceptedInvoice invoice, UpoDocument document, UpoGenerated announcement) {
    }

    /**
     * Builds the session UPO (pages of at most 10,000 documents) once the session's invoices are all final, and
     * writes its pages on {@code session}. The caller writes the invoices accepted earlier in the same batch
     * before (they must be in the session UPO): so both reads go on {@code session} too, never through a
     * repository that could resolve a session (a connection) of its own and not see them.
     */
    public Uni<Void> invoicesSettled(Mutiny.Session session, InvoicesSettled event) {
        String sessionReference = event.referenceNumber();
        if (event.successfulInvoiceCount() <= 0) {
            return Uni.createFrom().voidItem();
        }
        return rows.sessionUpoExists(session, sessionReference).chain(exists -> {
            if (exists) {
                LOG.debugf("UPO of session %s exists already", sessionReference);
                return Uni.createFrom().voidItem();
            }
            return rows.acceptedOfSession(session, sessionReference).chain(accepted -> {
                if (accepted.isEmpty()) {
                    // Settled announces accepted invoices this service never saw (lost to the DLQ?): nothing to
                    // sign; failing keeps the event in the dead-letter topic for a replay once they are there.
                    throw new InconsistentEventException("session " + sessionReference + " settled with "
                            + event.successfulInvoiceCount() + " accepted invoices, none known here");
                }
                if (accepted.size() != event.successfulInvoiceCount()) {
                    LOG.warnf("Session %s settled with %d accepted invoices, %d known here; the UPO lists those",
                            sessionReference, event.successfulInvoiceCount(), accepted.size());
                }
                AcceptedInvoice first = accepted.get(0);
                UpoHeader header = first.header();
                List<UpoEntry> entries = accepted.stream().map(AcceptedInvoice::entry).toList();
                return Offload.onWorker(() -> signPages(header, entries))
                        .chain(signed -> storeSessionUpo(session, first, signed));
            });
        });
    }

    /** @throws MalformedEventException when the event lacks what the session UPO needs */
    public static InvoicesSettled checked(InvoicesSettled event) {
        if (event.referenceNumber() == null || event.successfulInvoiceCount() == null) {
            throw new MalformedEventException("session.invoices-settled without referenceNumber or "
                    + "successfulInvoiceCount");
        }
        return event;
    }

    private List<SignedUpo> signPages(UpoHeader header, List<UpoEntry> entries) {
        List<SignedUpo> signed = new ArrayList<>();
        for (UpoPage page : UpoPages.split(entries, config.pageSize())) {
            signed.add(signer.sign(UpoXml.sessionPage(header, page)));
        }
        return signed;
    }

    private Uni<Void> storeSessionUpo(Mutiny.Session session, AcceptedInvoice first, List<SignedUpo> signed) {
        Instant now = Instant.now();
        List<UpoDocument> pages = new ArrayList<>(signed.size());
        List<UpoGenerated.Page> announced = new ArrayList<>(signed.size());
        for (int i = 0; i < signed.size(); i++) {
            UpoDocument page = document(first.sessionReferenceNumber, UpoDocument.SESSION, first.contextType,
                    first.contextValue, signed.get(i));
            page.pageNumber = i + 1;
            page.pageCount = signed.size();
            pages.add(page);
            DownloadLinks.DownloadLink link = links.create(page.referenceNumber, now);
            announced.add(new UpoGenerated.Page(page.referenceNumber, link.url(), link.expiresAt()));
        }
        UpoGenerated event = new UpoGenerated(first.sessionReferenceNumber, UpoDocument.SESSION, null, null,
                announced, null, null);
        return rows.insert(session, List.of(), pages)
                .chain(() -> outbox.enqueue(UpoGenerated.TOPIC, first.sessionReferenceNumber, UpoGenerated.TYPE,
                        event))
                .replaceWithVoid();
    }

    /** An event that contradicts what this service knows; retrying cannot help, a replay after a fix can. */
    public static class InconsistentEventException extends MalformedEventException {
        public InconsistentEventException(String message) {
            super(message);
        }
    }

    private static UpoDocument document(String session, String scope, String contextType, String contextValue,
                                        SignedUpo signed) {
        UpoDocument document = new UpoDocument();
        document.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.UPO);
        document.sessionReferenceNumber = session;
        document.scope = scope;
        document.contextType = contextType;
        document.contextValue = contextValue;
        document.content = signed.content();
        document.contentSha256 = signed.sha256Base64();
        return document;
    }

    private static void requireKnownContextType(String contextType) {
        try {
            UpoXml.contextElement(contextType);
        } catch (IllegalArgumentException e) {
            throw new MalformedEventException(e.getMessage());
        }
    }
}

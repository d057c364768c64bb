package pl.ksefhub.upo.generation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.upo.UpoConfig;
import pl.ksefhub.upo.document.SignedUpo;
import pl.ksefhub.upo.document.UpoDocument;
import pl.ksefhub.upo.document.UpoDocuments;
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

    private final UpoDocuments documents;
    private final AcceptedInvoices invoices;
    private final Outbox outbox;
    private final UpoSigner signer;
    private final DownloadLinks links;
    private final UpoConfig config;

    public UpoGeneration(UpoDocuments documents, AcceptedInvoices invoices, Outbox outbox, UpoSigner signer,
                         DownloadLinks links, UpoConfig config) {
        this.documents = documents;
        this.invoices = invoices;
        this.outbox = outbox;
        this.signer = signer;
        this.links = links;
        this.config = config;
    }

    /** Keeps the invoice for the session UPO and issues its own UPO at once. */
    public Uni<Void> invoiceAccepted(InvoiceAccepted event) {
        List<String> missing = event.missingFields();
        if (!missing.isEmpty()) {
            throw new MalformedEventException("invoice.accepted without " + String.join(", ", missing));
        }
        AcceptedInvoice invoice = AcceptedInvoice.of(event);
        UpoHeader header = invoice.header();
        UpoEntry entry = invoice.entry();
        requireKnownContextType(header.contextType());
        return documents.invoiceUpoExists(invoice.invoiceReferenceNumber).chain(exists -> {
            if (exists) {
                LOG.debugf("UPO of invoice %s exists already", invoice.invoiceReferenceNumber);
                return Uni.createFrom().voidItem();
            }
            return invoices.persist(invoice)
                    .chain(() -> Offload.onWorker(() -> signer.sign(UpoXml.invoice(header, entry))))
                    .chain(signed -> storeInvoiceUpo(invoice, signed));
        });
    }

    private Uni<Void> storeInvoiceUpo(AcceptedInvoice invoice, SignedUpo signed) {
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
        return documents.persist(document)
                .chain(() -> outbox.enqueue(UpoGenerated.TOPIC, invoice.sessionReferenceNumber, UpoGenerated.TYPE,
                        event))
                .replaceWithVoid();
    }

    /** Builds the session UPO (pages of at most 10,000 documents) once the session's invoices are all final. */
    public Uni<Void> invoicesSettled(InvoicesSettled event) {
        if (event.referenceNumber() == null || event.successfulInvoiceCount() == null) {
            throw new MalformedEventException("session.invoices-settled without referenceNumber or "
                    + "successfulInvoiceCount");
        }
        String session = event.referenceNumber();
        if (event.successfulInvoiceCount() <= 0) {
            return Uni.createFrom().voidItem();
        }
        return documents.sessionUpoExists(session).chain(exists -> {
            if (exists) {
                LOG.debugf("UPO of session %s exists already", session);
                return Uni.createFrom().voidItem();
            }
            return invoices.ofSession(session).chain(accepted -> {
                if (accepted.isEmpty()) {
                    // Settled announces accepted invoices this service never saw (lost to the DLQ?): nothing to
                    // sign; failing keeps the event in the dead-letter topic for a replay once they are there.
                    throw new IllegalStateException("session " + session + " settled with "
                            + event.successfulInvoiceCount() + " accepted invoices, none known here");
                }
                if (accepted.size() != event.successfulInvoiceCount()) {
                    LOG.warnf("Session %s settled with %d accepted invoices, %d known here; the UPO lists those",
                            session, event.successfulInvoiceCount(), accepted.size());
                }
                AcceptedInvoice first = accepted.get(0);
                UpoHeader header = first.header();
                List<UpoEntry> entries = accepted.stream().map(AcceptedInvoice::entry).toList();
                return Offload.onWorker(() -> signPages(header, entries))
                        .chain(signed -> storeSessionUpo(first, signed));
            });
        });
    }

    private List<SignedUpo> signPages(UpoHeader header, List<UpoEntry> entries) {
        List<SignedUpo> signed = new ArrayList<>();
        for (UpoPage page : UpoPages.split(entries, config.pageSize())) {
            signed.add(signer.sign(UpoXml.sessionPage(header, page)));
        }
        return signed;
    }

    private Uni<Void> storeSessionUpo(AcceptedInvoice first, List<SignedUpo> signed) {
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
        return documents.persist(pages)
                .chain(() -> outbox.enqueue(UpoGenerated.TOPIC, first.sessionReferenceNumber, UpoGenerated.TYPE,
                        event))
                .replaceWithVoid();
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

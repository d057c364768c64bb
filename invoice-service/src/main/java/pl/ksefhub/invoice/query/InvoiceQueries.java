package pl.ksefhub.invoice.query;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.metadata.InvoiceReaders;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.session.InvoicingSessionRepository;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceContentRepository;
import pl.ksefhub.invoice.store.InvoiceRepository;
import pl.ksefhub.invoice.store.StatusJson;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.paging.ContinuationTokens;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** Session invoice lists, one invoice's status, and the invoice XML by KSeF number. */
@ApplicationScoped
public class InvoiceQueries {

    static final int MIN_PAGE_SIZE = 10;
    static final int MAX_PAGE_SIZE = 1000;
    static final int DEFAULT_PAGE_SIZE = 10;

    /** The invoice XML as sent and its SHA-256 (Base64). */
    public record StoredInvoice(byte[] content, String hash) {
    }

    private final InvoicingSessionRepository sessions;
    private final InvoiceRepository invoices;
    private final InvoiceContentRepository contents;
    private final ContinuationTokens tokens;

    public InvoiceQueries(InvoicingSessionRepository sessions, InvoiceRepository invoices,
                          InvoiceContentRepository contents, ContinuationTokens tokens) {
        this.sessions = sessions;
        this.invoices = invoices;
        this.contents = contents;
        this.tokens = tokens;
    }

    public Uni<SessionInvoicesResponse> list(KsefPrincipal principal, String sessionReferenceNumber,
                                             String pageSizeParameter, String continuationToken,
                                             boolean failedOnly) {
        int pageSize = pageSize(pageSizeParameter);
        // The token holds the ordinal number the previous page ended at, for this session and list only.
        String scope = "session-invoices|" + sessionReferenceNumber + "|" + (failedOnly ? "failed" : "all");
        int afterOrdinal = tokens.offset(continuationToken, scope);
        return ownSession(principal, sessionReferenceNumber)
                .chain(() -> invoices.page(sessionReferenceNumber, afterOrdinal, failedOnly, pageSize + 1))
                .map(found -> {
                    boolean more = found.size() > pageSize;
                    List<Invoice> page = more ? found.subList(0, pageSize) : found;
                    String next = more ? tokens.nextOffset(page.get(page.size() - 1).ordinalNumber, scope) : null;
                    return new SessionInvoicesResponse(next, page.stream().map(InvoiceQueries::status).toList());
                });
    }

    public Uni<SessionInvoiceStatusResponse> status(KsefPrincipal principal, String sessionReferenceNumber,
                                                    String invoiceReferenceNumber) {
        return ownSession(principal, sessionReferenceNumber)
                .chain(() -> invoices.findInSession(sessionReferenceNumber, invoiceReferenceNumber))
                .map(invoice -> {
                    if (invoice == null) {
                        throw KsefException.validation("Faktura o numerze referencyjnym " + invoiceReferenceNumber
                                + " nie została znaleziona w sesji " + sessionReferenceNumber + ".");
                    }
                    return status(invoice);
                });
    }

    /**
     * Readable by every context of {@link InvoiceReaders} (seller, buyer, third subjects, authorized subject) and by
     * the context that sent it; any other gets 21164, as for a number that does not exist.
     */
    public Uni<StoredInvoice> download(KsefPrincipal principal, String ksefNumber) {
        return invoices.findByKsefNumber(ksefNumber)
                .chain(invoice -> invoice == null ? Uni.createFrom().nullItem()
                        : sessions.find(invoice.sessionReferenceNumber).chain(session ->
                        mayRead(principal, invoice, session) ? Uni.createFrom().item(invoice)
                                : isThirdSubject(principal, invoice).map(third -> third ? invoice : null)))
                .chain(invoice -> {
                    if (invoice == null) {
                        return Uni.createFrom().failure(notFound(ksefNumber));
                    }
                    return contents.findById(invoice.id).map(content -> {
                        if (content == null) {
                            throw notFound(ksefNumber);
                        }
                        return new StoredInvoice(content.content, invoice.invoiceHash);
                    });
                });
    }

    private Uni<InvoicingSession> ownSession(KsefPrincipal principal, String sessionReferenceNumber) {
        return sessions.find(sessionReferenceNumber).map(session -> {
            if (session == null || !session.belongsTo(principal.contextType(), principal.contextValue())) {
                throw KsefException.badRequest(21173, "Brak sesji o wskazanym numerze referencyjnym.",
                        "Sesja o numerze referencyjnym " + sessionReferenceNumber + " nie została znaleziona.");
            }
            return session;
        });
    }

    private static boolean mayRead(KsefPrincipal principal, Invoice invoice, InvoicingSession session) {
        if (session != null && session.belongsTo(principal.contextType(), principal.contextValue())) {
            return true;
        }
        String nip = InvoiceReaders.nipOf(principal.contextType(), principal.contextValue());
        return nip != null && (nip.equals(invoice.sellerNip) || nip.equals(invoice.buyerNip)
                || nip.equals(invoice.authorizedNip)
                || "Nip".equals(invoice.buyerIdentifierType) && nip.equals(invoice.buyerIdentifierValue));
    }

    private Uni<Boolean> isThirdSubject(KsefPrincipal principal, Invoice invoice) {
        String nip = InvoiceReaders.nipOf(principal.contextType(), principal.contextValue());
        if (nip == null) {
            return Uni.createFrom().item(false);
        }
        String internalId = "InternalId".equals(principal.contextType()) ? principal.contextValue() : "";
        return invoices.hasThirdSubject(invoice.id, nip, internalId);
    }

    static int pageSize(String parameter) {
        if (parameter == null || parameter.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        int pageSize;
        try {
            pageSize = Integer.parseInt(parameter.trim());
        } catch (NumberFormatException e) {
            throw KsefException.validation("The value '" + parameter + "' is not valid for pageSize.");
        }
        if (pageSize < MIN_PAGE_SIZE || pageSize > MAX_PAGE_SIZE) {
            throw KsefException.validation("'pageSize' must be between " + MIN_PAGE_SIZE + " and " + MAX_PAGE_SIZE
                    + ". You entered " + pageSize + ".");
        }
        return pageSize;
    }

    static SessionInvoiceStatusResponse status(Invoice invoice) {
        boolean accepted = invoice.ksefNumber != null;
        return new SessionInvoiceStatusResponse(invoice.ordinalNumber, accepted ? invoice.invoiceNumber : null,
                invoice.ksefNumber, invoice.referenceNumber, invoice.invoiceHash, invoice.invoiceFileName,
                utc(invoice.acquisitionDate), utc(invoice.invoicingDate), utc(invoice.acquisitionDate),
                invoice.upoDownloadUrl, utc(invoice.upoDownloadUrlExpiration), invoice.invoicingMode,
                new InvoiceStatusInfo(invoice.statusCode, invoice.statusDescription,
                        StatusJson.details(invoice.statusDetails), StatusJson.extensions(invoice.statusExtensions)));
    }

    private static KsefException notFound(String ksefNumber) {
        return KsefException.badRequest(21164, "Faktura o podanym identyfikatorze nie istnieje.",
                "Faktura o numerze KSeF " + ksefNumber + " nie została znaleziona.");
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}

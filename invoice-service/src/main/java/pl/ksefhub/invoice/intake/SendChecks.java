package pl.ksefhub.invoice.intake;

import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.error.ServiceUnavailableException;

import java.time.OffsetDateTime;

/** The session-level refusals of a send, with the spec's codes and texts. */
final class SendChecks {

    private static final String ONLINE = "online";
    private static final int RETRY_AFTER_SECONDS = 2;

    private SendChecks() {
    }

    /**
     * 503 with {@code Retry-After} for a session not known yet whose reference number was issued moments ago
     * ({@code mayStillArrive}): it exists at session-service, its news is on the way. Clients try again; nothing
     * was done yet, so the answer says not processed too and the edge sends it again for a while itself (under load
     * the session consumers may be seconds behind, e.g. after a restart).
     */
    static void requireKnownOrGone(InvoicingSession session, boolean mayStillArrive, String referenceNumber) {
        if (session == null && mayStillArrive) {
            throw notKnownYet(referenceNumber);
        }
    }

    static ServiceUnavailableException notKnownYet(String referenceNumber) {
        return ServiceUnavailableException.notProcessed(RETRY_AFTER_SECONDS, "Usługa chwilowo niedostępna.",
                "Sesja o numerze referencyjnym " + referenceNumber + " nie jest jeszcze dostępna."
                        + " Spróbuj ponownie po " + RETRY_AFTER_SECONDS + " sekundach.", "session-not-known-yet");
    }

    /**
     * 21173 for a session that does not exist, belongs to another context (its existence is not revealed) or is
     * not an online session (batch sessions take parts, not single invoices).
     */
    static InvoicingSession requireOwn(InvoicingSession session, KsefPrincipal principal, String referenceNumber) {
        if (session == null || !session.belongsTo(principal.contextType(), principal.contextValue())
                || !ONLINE.equalsIgnoreCase(session.sessionType)) {
            throw KsefException.badRequest(21173, "Brak sesji o wskazanym numerze referencyjnym.",
                    "Sesja o numerze referencyjnym " + referenceNumber + " nie została odnaleziona.");
        }
        return session;
    }

    /** 21180 when the session takes no invoices (closed, expired, key failure), 21155 when it is full. */
    static void requireOpen(InvoicingSession session, String referenceNumber, OffsetDateTime now) {
        if (session == null) {
            throw KsefException.badRequest(21173, "Brak sesji o wskazanym numerze referencyjnym.",
                    "Sesja o numerze referencyjnym " + referenceNumber + " nie została odnaleziona.");
        }
        int forbidding = session.statusForbiddingSend(now);
        if (forbidding != 0) {
            throw KsefException.badRequest(21180, "Status sesji nie pozwala na wykonanie operacji.",
                    "Status sesji " + forbidding + " uniemożliwia wysyłkę faktur.");
        }
        if (session.invoiceCount >= session.invoiceLimit) {
            throw KsefException.badRequest(21155, "Przekroczono dozwoloną liczbę faktur w sesji.",
                    "Sesja o numerze referencyjnym " + referenceNumber + " osiągnęła dozwolony limit liczby faktur "
                            + session.invoiceLimit + ".");
        }
    }
}

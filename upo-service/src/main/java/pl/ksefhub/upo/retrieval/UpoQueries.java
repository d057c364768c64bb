package pl.ksefhub.upo.retrieval;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotFoundException;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.wait.Polling;
import pl.ksefhub.upo.UpoConfig;
import pl.ksefhub.upo.document.UpoDocument;
import pl.ksefhub.upo.document.UpoDocuments;
import pl.ksefhub.upo.generation.KnownSessions;

import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Finds a stored UPO for a caller. A UPO of another context is as good as absent (21178), never a hint that it
 * exists. A UPO not there yet is waited for, briefly: it may be in the making right now (read your writes).
 */
@ApplicationScoped
public class UpoQueries {

    static final int UPO_NOT_FOUND = 21178;
    static final String UPO_NOT_FOUND_DESCRIPTION = "Nie znaleziono UPO dla podanych kryteriów.";
    static final int SESSION_NOT_FOUND = 21173;
    static final String SESSION_NOT_FOUND_DESCRIPTION = "Brak sesji o wskazanym numerze referencyjnym.";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);

    private final UpoDocuments documents;
    private final KnownSessions sessions;
    private final UpoConfig config;

    public UpoQueries(UpoDocuments documents, KnownSessions sessions, UpoConfig config) {
        this.documents = documents;
        this.sessions = sessions;
        this.config = config;
    }

    public Uni<UpoDocument> invoiceUpo(KsefPrincipal caller, String session, String invoiceReferenceNumber) {
        return awaitUpo(() -> documents.invoiceUpo(session, invoiceReferenceNumber))
                .map(upo -> ownedBy(caller, upo)
                        .orElseThrow(() -> upoNotFound("UPO faktury o numerze referencyjnym " + invoiceReferenceNumber
                                + " i numerze referencyjnym sesji " + session + " nie zostało znalezione.")));
    }

    public Uni<UpoDocument> invoiceUpoByKsefNumber(KsefPrincipal caller, String session, String ksefNumber) {
        return awaitUpo(() -> documents.invoiceUpoByKsefNumber(session, ksefNumber))
                .map(upo -> ownedBy(caller, upo)
                        .orElseThrow(() -> upoNotFound("UPO o numerze KSeF " + ksefNumber
                                + " i numerze referencyjnym sesji " + session + " nie zostało znalezione.")));
    }

    /** A page of a session UPO; 21173 when the caller's context has no such session at all. */
    public Uni<UpoDocument> sessionUpo(KsefPrincipal caller, String session, String upoReferenceNumber) {
        return awaitUpo(() -> documents.sessionPage(session, upoReferenceNumber)).chain(upo -> {
            if (ownedBy(caller, upo).isPresent()) {
                return Uni.createFrom().item(upo);
            }
            return sessions.existsInContext(session, caller.contextType(), caller.contextValue())
                    .chain(exists -> Uni.createFrom().<UpoDocument>failure(exists
                            ? upoNotFound("UPO o numerze referencyjnym " + upoReferenceNumber + " dla sesji "
                            + session + " nie zostało znalezione.")
                            : KsefException.badRequest(SESSION_NOT_FOUND, SESSION_NOT_FOUND_DESCRIPTION,
                            "Sesja o numerze referencyjnym " + session + " nie została znaleziona.")));
        });
    }

    /** For the anonymous, signed URL: the signature already proved the right to this UPO. */
    public Uni<UpoDocument> forDownload(String upoReferenceNumber) {
        return awaitUpo(() -> documents.byReference(upoReferenceNumber)).map(upo -> {
            if (upo == null) {
                throw new NotFoundException("UPO " + upoReferenceNumber + " nie istnieje.");
            }
            return upo;
        });
    }

    private static Optional<UpoDocument> ownedBy(KsefPrincipal caller, UpoDocument upo) {
        return Optional.ofNullable(upo)
                .filter(u -> u.belongsTo(caller.contextType(), caller.contextValue()));
    }

    private static KsefException upoNotFound(String detail) {
        return KsefException.badRequest(UPO_NOT_FOUND, UPO_NOT_FOUND_DESCRIPTION, detail);
    }

    /** The lookup, repeated every 100 ms until it finds something or the configured wait is over. */
    private Uni<UpoDocument> awaitUpo(Supplier<Uni<UpoDocument>> lookup) {
        return Polling.until(lookup, found -> found != null, POLL_INTERVAL, config.notFoundWait());
    }
}

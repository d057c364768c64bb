package pl.ksefhub.session.status;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;

import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class SessionRepository implements PanacheRepositoryBase<KsefSession, String> {

    public static final int SESSION_NOT_FOUND = 21173;

    /** The session, if it belongs to the caller's context; 21173 otherwise (a foreign session is not revealed). */
    public Uni<KsefSession> findOwned(String referenceNumber, KsefPrincipal principal, String notFoundDetail) {
        return findById(referenceNumber).map(session -> {
            if (session == null || !principal.inContext(session.contextType, session.contextValue)) {
                throw sessionNotFound(referenceNumber, notFoundDetail);
            }
            return session;
        });
    }

    /** As {@link #findOwned}, with the row locked for the rest of the transaction. */
    public Uni<KsefSession> findOwnedForUpdate(String referenceNumber, KsefPrincipal principal,
                                               String notFoundDetail) {
        return findById(referenceNumber, jakarta.persistence.LockModeType.PESSIMISTIC_WRITE).map(session -> {
            if (session == null || !principal.inContext(session.contextType, session.contextValue)) {
                throw sessionNotFound(referenceNumber, notFoundDetail);
            }
            return session;
        });
    }

    /** The session's status code as stored now (a scalar read: never the persistence context's copy); null if none. */
    public Uni<Integer> statusCodeOf(String referenceNumber) {
        return getSession().chain(session -> session.createSelectionQuery(
                        "select s.statusCode from KsefSession s where s.referenceNumber = :ref", Integer.class)
                .setParameter("ref", referenceNumber).getSingleResultOrNull());
    }

    public static KsefException sessionNotFound(String referenceNumber, String detailTemplate) {
        return KsefException.badRequest(SESSION_NOT_FOUND, "Brak sesji o wskazanym numerze referencyjnym.",
                detailTemplate.formatted(referenceNumber));
    }

    /** The context's online sessions that are open (100), newest first; batch sessions are not among them. */
    public Uni<List<KsefSession>> findOpenOnline(String contextType, String contextValue) {
        return find("sessionType = ?1 and statusCode = ?2 and contextType = ?3 and contextValue = ?4"
                        + " order by createdAt desc, referenceNumber desc", KsefSession.ONLINE, SessionStatus.OPEN,
                contextType, contextValue).list();
    }

    /** Open online and event sessions past their validity, oldest first (batch sessions are cancelled instead). */
    public Uni<List<KsefSession>> findExpired(OffsetDateTime now, int limit) {
        return find("statusCode = ?1 and validUntil <= ?2 and sessionType <> ?3 order by validUntil",
                SessionStatus.OPEN, now, KsefSession.BATCH)
                .page(0, limit).list();
    }
}

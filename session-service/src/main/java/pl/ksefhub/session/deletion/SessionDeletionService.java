package pl.ksefhub.session.deletion;

import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.session.events.SessionEvents;
import pl.ksefhub.session.status.KsefSession;
import pl.ksefhub.session.status.SessionRepository;
import pl.ksefhub.session.status.SessionStatus;
import pl.ksefhub.session.testdata.TestMode;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * A session's deletion, as events ({@code seeds/002}, ARCHITECTURE.md "Delete session"):
 * <ol>
 *     <li>{@code DELETE /sessions/{ref}} marks the session as being deleted and enqueues
 *     {@code session.deletion-requested}, in one transaction;</li>
 *     <li>invoice-, upo- and recurring-service each purge their rows of it and confirm ({@link Confirmation});</li>
 *     <li>the last confirmation deletes session-service's own rows ({@link SessionPurge}) and enqueues
 *     {@code session.deleted}, in the consumer's transaction.</li>
 * </ol>
 * Nothing waits for another service: one that is down purges when it is back, and the session stays "being
 * deleted" until then.
 */
@ApplicationScoped
public class SessionDeletionService {

    private static final Logger LOG = Logger.getLogger(SessionDeletionService.class);
    private static final String NOT_FOUND = "Sesja o numerze referencyjnym %s nie została znaleziona.";
    static final String STARTED = "Usuwanie sesji rozpoczęte.";
    /** ksef-hub's own code (KSeF has no session deletion): accepted invoices are legal records. */
    public static final int HAS_ACCEPTED_INVOICES = 21190;

    private final SessionRepository sessions;
    private final Outbox outbox;
    private final TestMode testMode;
    private final SessionPurge purge;

    public SessionDeletionService(SessionRepository sessions, Outbox outbox, TestMode testMode, SessionPurge purge) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.testMode = testMode;
        this.purge = purge;
    }

    /** The answer of {@code DELETE /sessions/{ref}}, in the shape of {@code seeds/002}. */
    public record DeletionStarted(String message, String referenceNumber) {
    }

    /**
     * Starts the deletion of a finished session of the caller's context. Asked again while it runs, it answers the
     * same and starts nothing new (a client that retries after a timeout).
     *
     * @throws KsefException 21173 unknown or another context's session; 21180 open or still processed; 21190 with
     *                       accepted invoices outside test mode
     */
    @WithTransaction
    public Uni<DeletionStarted> request(KsefPrincipal principal, String referenceNumber) {
        // The row lock orders the request against a concurrent close, settlement or second request.
        return sessions.findOwnedForUpdate(referenceNumber, principal, NOT_FOUND).chain(session -> {
            if (session.beingDeleted()) {
                return Uni.createFrom().item(new DeletionStarted(STARTED, referenceNumber));
            }
            refuseUnlessDeletable(session);
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            session.deletionRequestedAt = now;
            session.updatedAt = now;
            return outbox.enqueue(SessionEvents.TOPIC, referenceNumber, DeletionEvents.DELETION_REQUESTED,
                            new DeletionEvents.SessionDeletionRequested(referenceNumber,
                                    new ContextIdentifier(session.contextType, session.contextValue),
                                    now))
                    .replaceWith(new DeletionStarted(STARTED, referenceNumber));
        });
    }

    private void refuseUnlessDeletable(KsefSession session) {
        if (SessionStatus.inProgress(session.statusCode)) {
            throw KsefException.badRequest(21180, "Status sesji nie pozwala na wykonanie operacji.",
                    ("Status sesji %d uniemożliwia jej usunięcie: sesja jest otwarta lub jej faktury są jeszcze"
                            + " przetwarzane.").formatted(session.statusCode));
        }
        // After settlement the counters are invoice-service's own final figures.
        if (!testMode.isOn() && session.successfulInvoiceCount > 0) {
            throw KsefException.badRequest(HAS_ACCEPTED_INVOICES,
                    "Sesji z przyjętymi fakturami nie można usunąć.",
                    ("Sesja ma %d przyjętych faktur: faktury przyjęte w KSeF są dokumentami prawnymi. Usunąć można"
                            + " tylko sesję bez przyjętych faktur (w środowisku testowym każdą zakończoną sesję).")
                            .formatted(session.successfulInvoiceCount));
        }
    }

    /**
     * Inside the consumer's transaction: one service purged its rows of the session. The last of the confirmations
     * deletes the session here too. A confirmation for a session that is not (or no longer) being deleted changes
     * nothing: after the deletion nothing may recreate the session.
     */
    public Uni<Void> confirmed(Confirmation confirmation, String referenceNumber) {
        // One UPDATE takes the row lock: two confirmations at the same moment are serialised, and the second one
        // then sees the first one's flag, so exactly one of them finishes the deletion.
        return sessions.update(confirmation.field() + " = true, updatedAt = :now where referenceNumber = :ref"
                                + " and deletionRequestedAt is not null",
                        Map.of("now", OffsetDateTime.now(ZoneOffset.UTC), "ref", referenceNumber))
                .chain(updated -> {
                    if (updated == 0) {
                        LOG.infof("%s for session %s, which is not being deleted: ignored", confirmation,
                                referenceNumber);
                        return Uni.createFrom().voidItem();
                    }
                    return sessions.getSession().chain(db -> db.createSelectionQuery(
                                    "select s.contextType, s.contextValue from KsefSession s"
                                            + " where s.referenceNumber = :ref and s.invoicesPurged = true"
                                            + " and s.uposPurged = true and s.saleDocumentsPurged = true",
                                    Object[].class)
                            .setParameter("ref", referenceNumber).getSingleResultOrNull())
                            .chain(complete -> complete == null ? Uni.createFrom().voidItem()
                                    : finish(referenceNumber, new ContextIdentifier(
                                            (String) complete[0], (String) complete[1])));
                });
    }

    private Uni<Void> finish(String referenceNumber, ContextIdentifier context) {
        LOG.infof("Every service purged session %s: deleting it", referenceNumber);
        return purge.purge(referenceNumber)
                .chain(() -> outbox.enqueue(SessionEvents.TOPIC, referenceNumber, DeletionEvents.DELETED,
                        new DeletionEvents.SessionDeleted(referenceNumber, context,
                                OffsetDateTime.now(ZoneOffset.UTC))))
                .replaceWithVoid();
    }
}

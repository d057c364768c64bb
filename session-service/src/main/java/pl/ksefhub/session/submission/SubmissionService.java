package pl.ksefhub.session.submission;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.events.SessionEvents;
import pl.ksefhub.session.events.SessionEvents.FormCode;
import pl.ksefhub.session.online.OnlineSessionConfig;
import pl.ksefhub.session.status.KsefSession;
import pl.ksefhub.session.status.SessionRepository;
import pl.ksefhub.session.status.SessionStatus;
import pl.ksefhub.session.submission.SubmissionEvents.SubmissionAssigned;
import pl.ksefhub.session.submission.SubmissionEvents.SubmissionRequested;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Assigns submissions to event sessions and closes those sessions when idle or full. Every state change commits
 * with the events announcing it (outbox), so invoice-service learns of a session before its first submission and
 * of its close after its last one (same key, same partition, outbox order).
 */
@ApplicationScoped
public class SubmissionService {

    private static final Logger LOG = Logger.getLogger(SubmissionService.class);
    private static final String CLAIM = "insert into submission (correlation_id, session_reference_number,"
            + " context_type, context_value, event_id, source, assigned_at) values (:correlationId, :session,"
            + " :contextType, :contextValue, :eventId, :source, :assignedAt) on conflict (correlation_id) do nothing";

    private final EventSessionRepository eventSessions;
    private final SessionRepository sessions;
    private final Outbox outbox;
    private final SubmissionConfig config;
    private final OnlineSessionConfig onlineConfig;

    public SubmissionService(EventSessionRepository eventSessions, SessionRepository sessions, Outbox outbox,
                             SubmissionConfig config, OnlineSessionConfig onlineConfig) {
        this.eventSessions = eventSessions;
        this.sessions = sessions;
        this.outbox = outbox;
        this.config = config;
        this.onlineConfig = onlineConfig;
    }

    /**
     * Assigns a validated submission to its context's open event session, opening one when there is none. A
     * correlation id already assigned changes nothing (a redelivery, even under a new event id).
     */
    @WithTransaction
    public Uni<Void> assign(SubmissionRequested submission, String eventId, String documentHash) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.getSession().chain(db -> db.createNativeQuery(
                                "select count(*) from submission where correlation_id = :correlationId", Long.class)
                        .setParameter("correlationId", submission.correlationId()).getSingleResult())
                .chain(existing -> {
                    if (existing > 0) {
                        LOG.infof("Submission %s was already assigned; ignoring the repeat (event %s)",
                                submission.correlationId(), eventId);
                        return Uni.createFrom().voidItem();
                    }
                    return usableSession(submission, documentHash, now)
                            .chain(session -> claim(submission, eventId, session, now)
                                    .chain(claimed -> claimed ? announce(submission, session, now)
                                            : Uni.createFrom().voidItem()));
                });
    }

    /** Closes event sessions with no submission for the configured time, a batch at a time. */
    @WithTransaction
    public Uni<Integer> closeIdle() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return eventSessions.findIdleLocked(now.minus(config.idleClose()), 100).chain(idle -> {
            if (idle.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            LOG.infof("Closing %d idle event sessions", idle.size());
            // One after another: a reactive Hibernate session must not run two queries at once.
            Uni<Void> closes = Uni.createFrom().voidItem();
            for (EventSession eventSession : idle) {
                closes = closes.chain(() -> close(eventSession, "idle", now));
            }
            return closes.replaceWith(idle.size());
        });
    }

    /** The open event session of this context and form code that still takes submissions, or a new one. */
    private Uni<EventSession> usableSession(SubmissionRequested submission, String documentHash,
                                             OffsetDateTime now) {
        return eventSessions.findOpenLocked(submission.context(), submission.formCode()).chain(found -> {
            if (found == null) {
                return open(submission, documentHash, now);
            }
            // Locked: a client close of this session waits for the assignment (or the assignment sees it closed).
            return sessions.findById(found.referenceNumber, LockModeType.PESSIMISTIC_WRITE).chain(session -> {
                if (session != null && session.statusCode == SessionStatus.OPEN) {
                    return Uni.createFrom().item(found);
                }
                // Closed some other way (a client close, the 12 h expiry): retire the marker, open a new one.
                found.open = false;
                return eventSessions.flush().chain(() -> open(submission, documentHash, now));
            });
        });
    }

    private Uni<EventSession> open(SubmissionRequested submission, String documentHash, OffsetDateTime now) {
        KsefSession session = new KsefSession();
        session.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        // Clients see an online session (the API has no other type for it); event_session marks what it is.
        session.sessionType = "Online";
        session.contextType = submission.context().type();
        session.contextValue = submission.context().value();
        session.createdBy = submission.source();
        session.formSystemCode = submission.formCode().systemCode();
        session.formSchemaVersion = submission.formCode().schemaVersion();
        session.formValue = submission.formCode().value();
        session.createdAt = now;
        session.validUntil = now.plus(onlineConfig.validity());
        session.authDocumentHash = documentHash;
        session.setStatus(SessionStatus.onlineOpen(), now);

        EventSession eventSession = new EventSession();
        eventSession.referenceNumber = session.referenceNumber;
        eventSession.contextType = session.contextType;
        eventSession.contextValue = session.contextValue;
        eventSession.formSystemCode = session.formSystemCode;
        eventSession.formSchemaVersion = session.formSchemaVersion;
        eventSession.formValue = session.formValue;
        eventSession.openedAt = now;
        eventSession.lastAssignedAt = now;
        eventSession.open = true;

        // No key: invoice-service receives the invoices in plain text, not encrypted by a client.
        SessionEvents.SessionOpened opened = new SessionEvents.SessionOpened(session.referenceNumber, "event",
                submission.context(), submission.formCode(), null, null, true,
                new SessionEvents.Authentication(null, null, documentHash), config.sessionLimit(), now,
                session.validUntil);
        LOG.infof("Opening event session %s for %s %s (%s)", session.referenceNumber, session.contextType,
                session.contextValue, session.formSystemCode);
        return sessions.persist(session)
                .chain(() -> eventSessions.persist(eventSession))
                .chain(() -> eventSessions.flush())
                .chain(() -> outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SessionEvents.OPENED,
                        opened))
                .replaceWith(eventSession);
    }

    /** Records the submission; false when its correlation id was claimed meanwhile (unique index). */
    private Uni<Boolean> claim(SubmissionRequested submission, String eventId, EventSession session,
                               OffsetDateTime now) {
        return Panache.getSession().chain(db -> db.createNativeQuery(CLAIM)
                        .setParameter("correlationId", submission.correlationId())
                        .setParameter("session", session.referenceNumber)
                        .setParameter("contextType", submission.context().type())
                        .setParameter("contextValue", submission.context().value())
                        .setParameter("eventId", eventId)
                        .setParameter("source", submission.source())
                        .setParameter("assignedAt", now)
                        .executeUpdate())
                .map(inserted -> inserted > 0);
    }

    private Uni<Void> announce(SubmissionRequested submission, EventSession session, OffsetDateTime now) {
        session.submissionCount++;
        session.lastAssignedAt = now;
        SubmissionAssigned assigned = new SubmissionAssigned(session.referenceNumber, submission.correlationId(),
                submission.context(), submission.formCode(), submission.invoiceXml(), submission.template(), now);
        Uni<Void> announced = outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SubmissionEvents.ASSIGNED,
                assigned).replaceWithVoid();
        if (session.submissionCount >= config.sessionLimit()) {
            return announced.chain(() -> close(session, "full", now));
        }
        return announced;
    }

    /** 100 → 170 with {@code session.closed}; settlement and the session UPO follow as for any session. */
    private Uni<Void> close(EventSession eventSession, String reason, OffsetDateTime now) {
        eventSession.open = false;
        return sessions.findById(eventSession.referenceNumber, LockModeType.PESSIMISTIC_WRITE).chain(session -> {
            if (session == null || session.statusCode != SessionStatus.OPEN) {
                return Uni.createFrom().voidItem();
            }
            session.setStatus(SessionStatus.onlineClosed(), now);
            session.closedAt = now;
            LOG.infof("Closing event session %s (%s, %d submissions)", session.referenceNumber, reason,
                    eventSession.submissionCount);
            return outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SessionEvents.CLOSED,
                    new SessionEvents.SessionClosed(session.referenceNumber, now, reason)).replaceWithVoid();
        });
    }
}

package pl.ksefhub.upo.generation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.CloudEvents;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.ProcessedEvents;
import pl.ksefhub.upo.purge.SessionDeletionRequested;
import pl.ksefhub.upo.purge.SessionPurge;

import java.util.Set;

/**
 * {@code ksef.session.events}: {@code session.opened} tells which context a session belongs to, so that a UPO
 * request for an unknown session answers 21173 and one for a known session without that UPO answers 21178;
 * {@code session.deletion-requested} purges the session ({@link SessionPurge}).
 */
@ApplicationScoped
public class SessionEventsConsumer {

    static final String CONSUMER = "upo-service.session-events";
    static final String SESSION_OPENED = "ksef.session.opened.v1";
    private static final Set<String> READ = Set.of(SESSION_OPENED, SessionDeletionRequested.TYPE,
            SessionDeletionRequested.DELETED_TYPE);

    private final ProcessedEvents processedEvents;
    private final KnownSessions sessions;
    private final SessionPurge purge;

    public SessionEventsConsumer(ProcessedEvents processedEvents, KnownSessions sessions, SessionPurge purge) {
        this.processedEvents = processedEvents;
        this.sessions = sessions;
        this.purge = purge;
    }

    @Incoming("session-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        String type = InvoiceEventsConsumer.header(record, CloudEvents.TYPE);
        if (type != null && !READ.contains(type)) {
            return Uni.createFrom().voidItem();
        }
        return Uni.createFrom().deferred(() -> processedEvents.handleOnce(CONSUMER, record, event -> switch (
                event.type()) {
            case SessionDeletionRequested.TYPE ->
                    purge.purge(event.as(SessionDeletionRequested.class).requireComplete().referenceNumber());
            case SessionDeletionRequested.DELETED_TYPE -> purge.forgetConfirmation(
                    event.as(SessionDeletionRequested.class).requireComplete().referenceNumber());
            default -> remember(event.as(SessionOpened.class));
        }));
    }

    private Uni<Void> remember(SessionOpened opened) {
        if (opened.referenceNumber() == null || opened.context() == null || opened.context().type() == null
                || opened.context().value() == null) {
            throw new MalformedEventException("session.opened without referenceNumber or context");
        }
        return sessions.findById(opened.referenceNumber()).chain(known -> {
            if (known != null) {
                return Uni.createFrom().voidItem();
            }
            KnownSession session = new KnownSession();
            session.referenceNumber = opened.referenceNumber();
            session.contextType = opened.context().type();
            session.contextValue = opened.context().value();
            session.openedAt = opened.openedAt();
            return sessions.persist(session).replaceWithVoid();
        });
    }
}

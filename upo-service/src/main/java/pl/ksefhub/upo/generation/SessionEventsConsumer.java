package pl.ksefhub.upo.generation;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.events.EventHandler;
import pl.ksefhub.upo.purge.SessionDeletionRequested;
import pl.ksefhub.upo.purge.SessionPurge;

import java.util.function.Supplier;

/**
 * {@code ksef.session.events}: {@code session.opened} tells which context a session belongs to, so that a UPO
 * request for an unknown session answers 21173 and one for a known session without that UPO answers 21178;
 * {@code session.deletion-requested} purges the session ({@link SessionPurge}).
 */
@ApplicationScoped
public class SessionEventsConsumer implements EventHandler<Supplier<Uni<Void>>> {

    static final String CONSUMER = "upo-service.session-events";
    static final String SESSION_OPENED = "ksef.session.opened.v1";

    private final EventConsumer consumer;
    private final KnownSessions sessions;
    private final SessionPurge purge;

    public SessionEventsConsumer(EventConsumer consumer, KnownSessions sessions, SessionPurge purge) {
        this.consumer = consumer;
        this.sessions = sessions;
        this.purge = purge;
    }

    @Incoming("session-events")
    public Uni<Void> consume(ConsumerRecord<String, String> record) {
        return consumer.consume(record, this);
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    /** The effect of an event read here, null for the rest of the session lifecycle. */
    @Override
    public Supplier<Uni<Void>> read(EventEnvelope event) {
        return switch (event.type()) {
            case SessionDeletionRequested.TYPE -> {
                String session = event.as(SessionDeletionRequested.class).requireComplete().referenceNumber();
                yield () -> purge.purge(session);
            }
            case SessionDeletionRequested.DELETED_TYPE -> {
                String session = event.as(SessionDeletionRequested.class).requireComplete().referenceNumber();
                yield () -> purge.forgetConfirmation(session);
            }
            case SESSION_OPENED -> {
                SessionOpened opened = checked(event.as(SessionOpened.class));
                yield () -> remember(opened);
            }
            default -> null;
        };
    }

    @Override
    public Uni<Void> apply(Supplier<Uni<Void>> effect) {
        return effect.get();
    }

    private static SessionOpened checked(SessionOpened opened) {
        if (opened.referenceNumber() == null || opened.context() == null || opened.context().type() == null
                || opened.context().value() == null) {
            throw new MalformedEventException("session.opened without referenceNumber or context");
        }
        return opened;
    }

    private Uni<Void> remember(SessionOpened opened) {
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

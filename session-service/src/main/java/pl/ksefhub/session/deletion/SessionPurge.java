package pl.ksefhub.session.deletion;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.purge.Purge;

import java.util.List;
import java.util.Map;

/**
 * session-service's rows of a session that is being deleted, once every other service has purged its own: the
 * tables below, children first (foreign keys), and every outbox row keyed by the session (its {@code session.opened}
 * carries the wrapped key). Runs inside the transaction of the last confirmation.
 * <p>
 * Kept: {@code processed_event} rows. They hold only (consumer, event id), nothing of the session, and they are what
 * makes a redelivered event (a confirmation, a late {@code invoice.accepted}) change nothing now that the session
 * is gone. A table that gets rows of sessions adds its statement here.
 */
@ApplicationScoped
public class SessionPurge {

    static final List<String> STATEMENTS = List.of(
            "delete from submission where session_reference_number = :ref",
            "delete from event_session where reference_number = :ref",
            "delete from batch_part where session_reference_number = :ref",
            "delete from batch_parts_check where session_reference_number = :ref",
            "delete from ksef_session where reference_number = :ref");

    private final Purge purge;

    public SessionPurge(Purge purge) {
        this.purge = purge;
    }

    public Uni<Void> purge(String referenceNumber) {
        return purge.run(referenceNumber, STATEMENTS, Map.of("ref", referenceNumber)).replaceWithVoid();
    }
}

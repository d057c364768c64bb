package pl.ksefhub.session.deletion;

import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.session.events.SessionEvents;

import java.time.OffsetDateTime;

/**
 * The events of a session's deletion that session-service publishes on {@code ksef.session.events} (key = the
 * session reference number); schemas in {@code resources/events/}. The confirmations it reads are in
 * {@link Confirmation}.
 */
public final class DeletionEvents {

    public static final String DELETION_REQUESTED = "ksef.session.deletion-requested.v1";
    public static final String DELETED = "ksef.session.deleted.v1";

    private DeletionEvents() {
    }

    /** Every service that holds rows of this session purges them and confirms. */
    public record SessionDeletionRequested(String referenceNumber, ContextIdentifier context,
                                           OffsetDateTime requestedAt) {
    }

    /** Every service confirmed, and session-service deleted its own rows: nothing of the session remains. */
    public record SessionDeleted(String referenceNumber, ContextIdentifier context,
                                 OffsetDateTime deletedAt) {
    }
}

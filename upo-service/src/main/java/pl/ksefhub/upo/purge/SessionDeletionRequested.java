package pl.ksefhub.upo.purge;

import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;

/** The fields of {@code ksef.session.deletion-requested.v1} (and {@code ksef.session.deleted.v1}) read here. */
public record SessionDeletionRequested(String referenceNumber) {

    public static final String TYPE = "ksef.session.deletion-requested.v1";
    /** The end of the deletion: every service purged, session-service deleted its own rows. */
    public static final String DELETED_TYPE = "ksef.session.deleted.v1";

    public SessionDeletionRequested requireComplete() {
        if (referenceNumber == null || referenceNumber.isBlank()) {
            throw new MalformedEventException("session deletion event without referenceNumber");
        }
        return this;
    }
}

package pl.ksefhub.invoice.session;

import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;

import java.time.OffsetDateTime;

/** The fields of {@code ksef.session.closed.v1} this service reads. */
public record SessionClosed(String referenceNumber, OffsetDateTime closedAt, String reason) {

    public static final String TYPE = "ksef.session.closed.v1";

    public SessionClosed requireComplete() {
        if (referenceNumber == null) {
            throw new MalformedEventException("session.closed without referenceNumber");
        }
        return this;
    }
}

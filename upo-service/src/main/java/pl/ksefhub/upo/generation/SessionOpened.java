package pl.ksefhub.upo.generation;

import java.time.OffsetDateTime;

/** {@code ksef.session.opened.v1} as this service reads it: which context a session belongs to. */
public record SessionOpened(String referenceNumber, Context context, OffsetDateTime openedAt) {

    public record Context(String type, String value) {
    }
}

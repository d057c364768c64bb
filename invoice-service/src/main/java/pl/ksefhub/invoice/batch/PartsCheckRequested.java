package pl.ksefhub.invoice.batch;

import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;

/** The fields of {@code ksef.session.batch-parts-check-requested.v1} this service reads. */
public record PartsCheckRequested(String referenceNumber, String checkId) {

    public static final String TYPE = "ksef.session.batch-parts-check-requested.v1";

    public PartsCheckRequested requireComplete() {
        if (referenceNumber == null || checkId == null) {
            throw new MalformedEventException("batch-parts-check-requested without referenceNumber or checkId");
        }
        return this;
    }
}

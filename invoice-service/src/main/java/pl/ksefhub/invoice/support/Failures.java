package pl.ksefhub.invoice.support;

import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;

/** Telling a malformed event (dead-letter it at once) from a transient failure (retry it). */
public final class Failures {

    private Failures() {
    }

    public static boolean isMalformedEvent(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof MalformedEventException) {
                return true;
            }
        }
        return false;
    }
}

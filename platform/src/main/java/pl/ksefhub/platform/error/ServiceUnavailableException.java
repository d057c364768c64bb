package pl.ksefhub.platform.error;

import java.util.List;

/**
 * A 503 with {@code Retry-After}: the request was fine and will succeed later (the database restarting, a session
 * this service has not heard of yet although it was just opened). Clients that honour {@code Retry-After} (as they
 * must for 429) simply try again.
 */
public class ServiceUnavailableException extends KsefException {

    public static final int CODE = 503;

    private final int retryAfterSeconds;
    private final String notProcessed;

    public ServiceUnavailableException(int retryAfterSeconds, String description, String detail) {
        this(retryAfterSeconds, description, detail, null);
    }

    private ServiceUnavailableException(int retryAfterSeconds, String description, String detail,
                                        String notProcessed) {
        super(503, CODE, description, List.of(detail));
        this.retryAfterSeconds = retryAfterSeconds;
        this.notProcessed = notProcessed;
    }

    /**
     * A refusal decided before the request did anything, so whoever sent it may send it again whatever its method:
     * answered with {@code X-Ksef-Not-Processed: reason} too, which the edge sends again for a while. Not for a
     * database that went away, which may have committed before the answer was lost.
     */
    public static ServiceUnavailableException notProcessed(int retryAfterSeconds, String description, String detail,
                                                           String reason) {
        return new ServiceUnavailableException(retryAfterSeconds, description, detail, reason);
    }

    /** The {@code X-Ksef-Not-Processed} reason, or null when the request may have had effects. */
    public String notProcessed() {
        return notProcessed;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

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

    public ServiceUnavailableException(int retryAfterSeconds, String description, String detail) {
        super(503, CODE, description, List.of(detail));
        this.retryAfterSeconds = retryAfterSeconds;
    }

    public int retryAfterSeconds() {
        return retryAfterSeconds;
    }
}

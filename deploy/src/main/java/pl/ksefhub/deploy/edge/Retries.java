package pl.ksefhub.deploy.edge;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * When the edge sends a request to its service again (a service restarting is briefly unreachable): for up to
 * {@link #retryFor} after the request arrived, whenever the service cannot have processed it, whatever its method:
 * the connection was refused or closed before the whole request was written, or the service answered 503 with
 * {@code X-Ksef-Not-Processed} (a service that is stopping, platform {@code GracefulShutdown}). A request that was
 * delivered and then lost its connection is sent again only when its method is idempotent; otherwise the client gets
 * 503 with {@code Retry-After}, since the service may have acted on it.
 *
 * <p>To send a body again the edge keeps it in memory: bodies of a declared length up to {@link #maxBufferedBody}
 * (the services' own limit for the bodies they read into memory, 10 MiB). Larger or chunked bodies (batch parts)
 * stream through as before and are retried only while no byte of them has been read, that is, when the connection
 * could not be opened.
 *
 * @param retryFor        how long after its arrival a request may still be sent again; zero: never
 * @param maxBufferedBody the largest declared body kept for sending again, in bytes
 */
public record Retries(Duration retryFor, long maxBufferedBody) {

    /** Environment of {@link EdgeMain} and the local stack: a duration ({@code 30s}, {@code 500ms}) or seconds. */
    public static final String RETRY_FOR_VARIABLE = "KSEF_EDGE_RETRY_FOR";
    /** Environment: bytes. */
    public static final String MAX_BUFFERED_BODY_VARIABLE = "KSEF_EDGE_RETRY_MAX_BODY";

    public static final Retries DEFAULT = new Retries(Duration.ofSeconds(30), 10L * 1024 * 1024);

    /** RFC 9110, section 9.2.2: sending these again changes nothing the first one did not. */
    private static final Set<String> IDEMPOTENT = Set.of("GET", "HEAD", "OPTIONS", "TRACE", "PUT", "DELETE");

    public Retries {
        if (retryFor.isNegative() || maxBufferedBody < 0) {
            throw new IllegalArgumentException("retryFor and maxBufferedBody must not be negative");
        }
    }

    /** {@link #DEFAULT} with what {@code KSEF_EDGE_RETRY_FOR} and {@code KSEF_EDGE_RETRY_MAX_BODY} say. */
    public static Retries fromEnvironment(Map<String, String> env) {
        String retryFor = env.get(RETRY_FOR_VARIABLE);
        String maxBody = env.get(MAX_BUFFERED_BODY_VARIABLE);
        return new Retries(retryFor == null || retryFor.isBlank() ? DEFAULT.retryFor() : duration(retryFor.trim()),
                maxBody == null || maxBody.isBlank() ? DEFAULT.maxBufferedBody() : Long.parseLong(maxBody.trim()));
    }

    static boolean idempotent(String method) {
        return IDEMPOTENT.contains(method.toUpperCase(Locale.ROOT));
    }

    private static Duration duration(String value) {
        try {
            if (value.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
            }
            if (value.endsWith("s")) {
                return Duration.ofSeconds(Long.parseLong(value.substring(0, value.length() - 1)));
            }
            return Duration.ofSeconds(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(RETRY_FOR_VARIABLE + " must be like 30s, 500ms or 30, not " + value);
        }
    }
}

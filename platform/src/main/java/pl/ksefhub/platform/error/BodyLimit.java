package pl.ksefhub.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.runtime.configuration.MemorySize;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A request whose declared body is over {@code quarkus.http.limits.max-body-size} gets 413 with a KSeF error body
 * (ExceptionResponse, or problem details on {@code X-Error-Format: problem-details}) before any of it is read.
 * Vert.x alone answers such a request with an empty 413 and closes the connection while the client is still
 * sending, which a proxy in front then reports as the service being unavailable.
 */
@ApplicationScoped
public class BodyLimit {

    static final int CODE = 413;
    static final String DESCRIPTION = "Przekroczono dopuszczalny rozmiar żądania.";

    private final long maxBytes;
    private final Optional<Pattern> streamedPaths;
    private final String serviceName;
    private final ObjectMapper json;

    /**
     * @param maxBodySize      Vert.x's limit, for every request
     * @param requestBodyLimit a smaller limit for every path but the streamed ones ({@code ksef.http.max-body-size}):
     *                         a service that streams large uploads raises Vert.x's limit for them and keeps
     *                         the JSON bodies it reads into memory small
     * @param streamedPaths    paths (a regular expression) whose route reads the body as a stream and enforces its
     *                         own limit
     */
    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                     MemorySize maxBodySize,
                     @ConfigProperty(name = "ksef.http.max-body-size") Optional<MemorySize> requestBodyLimit,
                     @ConfigProperty(name = "ksef.http.streamed-body-paths") Optional<String> streamedPaths,
                     @ConfigProperty(name = "quarkus.application.name") String serviceName, ObjectMapper json) {
        this.maxBytes = requestBodyLimit.map(MemorySize::asLongValue).orElse(maxBodySize.asLongValue());
        this.streamedPaths = streamedPaths.map(Pattern::compile);
        this.serviceName = serviceName;
        this.json = json;
    }

    void register(@Observes Filters filters) {
        // Ahead of the body handler and of every route.
        filters.register(this::check, 10_000);
    }

    void check(RoutingContext context) {
        String length = context.request().getHeader(HttpHeaders.CONTENT_LENGTH);
        long declared;
        try {
            declared = length == null ? -1 : Long.parseLong(length.trim());
        } catch (NumberFormatException e) {
            declared = -1;
        }
        if (declared <= maxBytes
                || streamedPaths.isPresent() && streamedPaths.get().matcher(context.request().path()).matches()) {
            context.next();
            return;
        }
        KsefException tooLarge = new KsefException(413, CODE, DESCRIPTION, List.of(
                "Rozmiar treści żądania (%d B) przekracza dopuszczalne %d B.".formatted(declared, maxBytes)));
        boolean problem = ErrorBodies.wantsProblemDetails(context.request().getHeader(ErrorBodies.ERROR_FORMAT_HEADER));
        Object body = problem
                ? ErrorBodies.problem(413, ErrorBodies.title(413), ErrorBodies.instance(
                        context.request().getHeader(ErrorBodies.FORWARDED_PREFIX), context.request().path()),
                        DESCRIPTION, List.of(tooLarge))
                : ErrorBodies.exceptionResponse(serviceName, List.of(tooLarge));
        try {
            // The body is not read: the connection closes after the answer, so the rest is not waited for.
            context.response().setStatusCode(413)
                    .putHeader(HttpHeaders.CONTENT_TYPE, problem ? ErrorBodies.PROBLEM_JSON : "application/json")
                    .putHeader(HttpHeaders.CONNECTION, "close")
                    .end(json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}

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
    private final String serviceName;
    private final ObjectMapper json;

    public BodyLimit(@ConfigProperty(name = "quarkus.http.limits.max-body-size", defaultValue = "10240K")
                     MemorySize maxBodySize,
                     @ConfigProperty(name = "quarkus.application.name") String serviceName, ObjectMapper json) {
        this.maxBytes = maxBodySize.asLongValue();
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
        if (declared <= maxBytes) {
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

package pl.ksefhub.platform.ratelimit;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.error.ErrorBodies;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The 429 of limity-api.md and the spec: {@code Retry-After} in seconds and either the (deprecated, default)
 * {@code TooManyRequestsResponse} or, with {@code X-Error-Format: problem-details}, the
 * {@code TooManyRequestsProblemDetails}.
 */
final class TooManyRequests {

    static final String DESCRIPTION = "Too Many Requests";

    private TooManyRequests() {
    }

    /** "Przekroczono limit 20 żądań na minutę. Spróbuj ponownie po 30 sekundach." */
    static String detail(RateLimiter.Refused refused) {
        return "Przekroczono limit %d żądań na %s. Spróbuj ponownie po %d sekundach."
                .formatted(refused.limit(), refused.window().polishUnit(), refused.retryAfterSeconds());
    }

    static Response response(RateLimiter.Refused refused, String path, String errorFormat) {
        String detail = detail(refused);
        Response.ResponseBuilder response = Response.status(429)
                .header("Retry-After", Long.toString(refused.retryAfterSeconds()));
        if (ErrorBodies.wantsProblemDetails(errorFormat)) {
            return response.type(ErrorBodies.PROBLEM_JSON)
                    .entity(ErrorBodies.problem(429, DESCRIPTION, path, detail, null)).build();
        }
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("code", 429);
        status.put("description", DESCRIPTION);
        status.put("details", List.of(detail));
        return response.type(MediaType.APPLICATION_JSON).entity(Map.of("status", status)).build();
    }
}

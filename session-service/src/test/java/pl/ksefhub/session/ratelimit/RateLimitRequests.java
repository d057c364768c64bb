package pl.ksefhub.session.ratelimit;

import io.restassured.http.ContentType;
import io.restassured.response.Response;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimitValues;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What a client of the rate-limit endpoints sends, and the 429 it gets, checked field by field. */
final class RateLimitRequests {

    private RateLimitRequests() {
    }

    static RequestSpecification as(String accessToken, String clientIp) {
        RequestSpecification request = given().auth().oauth2(accessToken);
        return clientIp == null ? request : request.header("X-Forwarded-For", clientIp);
    }

    /** Every group at its production values, with {@code change} applied to each. */
    static Map<String, Object> body(Function<RateLimitGroup, RateLimitValues> change) {
        Map<String, Object> rateLimits = new LinkedHashMap<>();
        for (RateLimitGroup group : RateLimitGroup.values()) {
            if (group.perContext()) {
                RateLimitValues values = change.apply(group);
                rateLimits.put(group.specName(), Map.of("perSecond", values.perSecond(),
                        "perMinute", values.perMinute(), "perHour", values.perHour()));
            }
        }
        return Map.of("rateLimits", rateLimits);
    }

    static ValidatableResponse set(String accessToken, Map<String, Object> body) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(body)
                .post("/v2/testdata/rate-limits").then();
    }

    static ValidatableResponse effective(String accessToken) {
        return given().auth().oauth2(accessToken).get("/v2/rate-limits").then();
    }

    /** Asserts every group of a {@code GET /rate-limits} body. */
    static void assertEffective(ValidatableResponse response, Function<RateLimitGroup, RateLimitValues> expected) {
        response.statusCode(200);
        for (RateLimitGroup group : RateLimitGroup.values()) {
            if (group.perContext()) {
                RateLimitValues values = expected.apply(group);
                response.body(group.specName() + ".perSecond", equalTo(values.perSecond()))
                        .body(group.specName() + ".perMinute", equalTo(values.perMinute()))
                        .body(group.specName() + ".perHour", equalTo(values.perHour()));
            }
        }
    }

    /**
     * The legacy 429 ({@code TooManyRequestsResponse}): exactly the spec's body, with the threshold, its window and
     * the {@code Retry-After} seconds in the text. Returns the seconds.
     */
    static long assertTooManyRequests(Response response, int limit, String window) {
        response.then().statusCode(429)
                .contentType(startsWith("application/json"))
                .body("size()", equalTo(1))
                .body("status.size()", equalTo(3))
                .body("status.code", equalTo(429))
                .body("status.description", equalTo("Too Many Requests"))
                .body("status.details.size()", equalTo(1));
        long retryAfter = retryAfter(response);
        assertEquals("Przekroczono limit %d żądań na %s. Spróbuj ponownie po %d sekundach."
                .formatted(limit, window, retryAfter), response.path("status.details[0]"));
        return retryAfter;
    }

    /** The problem-details 429 ({@code TooManyRequestsProblemDetails}). */
    static long assertTooManyRequestsProblem(Response response, String path, int limit, String window) {
        response.then().statusCode(429)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Too Many Requests"))
                .body("status", equalTo(429))
                .body("instance", equalTo(path));
        long retryAfter = retryAfter(response);
        assertEquals("Przekroczono limit %d żądań na %s. Spróbuj ponownie po %d sekundach."
                .formatted(limit, window, retryAfter), response.path("detail"));
        assertTrue(((String) response.path("traceId")).length() >= 16);
        assertTrue(((String) response.path("timestamp")).length() >= 20);
        return retryAfter;
    }

    private static long retryAfter(Response response) {
        String header = response.header("Retry-After");
        assertTrue(header != null && header.matches("\\d+"), "Retry-After: " + header);
        long seconds = Long.parseLong(header);
        assertTrue(seconds >= 1, "Retry-After: " + seconds);
        return seconds;
    }
}

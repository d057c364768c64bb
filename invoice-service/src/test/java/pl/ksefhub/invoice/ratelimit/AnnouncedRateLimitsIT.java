package pl.ksefhub.invoice.ratelimit;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimitSettings;
import pl.ksefhub.platform.ratelimit.RateLimitValues;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;

/**
 * Rate limits a context set at session-service reach this service through {@code ksef.ratelimit.settings}, read by
 * the platform's consumer with the platform's own channel configuration, and are enforced here per (context, client
 * IP): the forwarded address behind the edge.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class AnnouncedRateLimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Counted however it is answered: a malformed KSeF number is a 400 after the limiter let it through. */
    private static final String DOWNLOAD = "/v2/invoices/ksef/not-a-ksef-number";

    @Inject
    RateLimitSettings settings;

    @Test
    void aChangeAnnouncedOnTheTopicIsEnforcedHereAndAResetLiftsIt() throws Exception {
        String nip = RandomIdentifiers.nip();
        String token = TestTokens.accessToken(nip);
        String context = RateLimitSettings.contextKey("Nip", nip);
        for (int i = 0; i < 3; i++) {
            download(token, "192.0.2.50").then().statusCode(400);
        }

        // What session-service's POST /testdata/rate-limits publishes (its events/ schema).
        Map<String, Object> rateLimits = new LinkedHashMap<>();
        for (RateLimitGroup group : RateLimitGroup.values()) {
            if (group.perContext()) {
                RateLimitValues values = group == RateLimitGroup.INVOICE_DOWNLOAD
                        ? new RateLimitValues(8, 2, 64) : group.production();
                rateLimits.put(group.specName(), values);
            }
        }
        announce(nip, "custom", rateLimits);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                new RateLimitValues(8, 2, 64).equals(settings.effective(RateLimitGroup.INVOICE_DOWNLOAD, context)));

        download(token, "192.0.2.51").then().statusCode(400);
        download(token, "192.0.2.51").then().statusCode(400);
        download(token, "192.0.2.51").then().statusCode(429)
                .contentType(startsWith("application/json"))
                .header("Retry-After", matchesPattern("\\d+"))
                .body("status.code", equalTo(429))
                .body("status.description", equalTo("Too Many Requests"))
                .body("status.details", contains(matchesPattern(
                        "Przekroczono limit 2 żądań na minutę\\. Spróbuj ponownie po \\d+ sekundach\\.")));
        // Another address of the same context counts on its own.
        download(token, "192.0.2.52").then().statusCode(400);

        announce(nip, "defaults", null);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50)).until(() ->
                settings.ofContext(context).isEmpty());
        await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(100))
                .until(() -> download(token, "192.0.2.51").statusCode() == 400);
        download(token, "192.0.2.51").then().statusCode(400);
    }

    private static Response download(String token, String ip) {
        return given().auth().oauth2(token).header("X-Forwarded-For", ip).get(DOWNLOAD);
    }

    private static void announce(String nip, String profile, Map<String, Object> rateLimits) throws Exception {
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("context", Map.of("type", "Nip", "value", nip));
        event.put("profile", profile);
        event.put("rateLimits", rateLimits);
        event.put("changedAt", "2026-11-24T10:15:30.123Z");
        KafkaProbe.publish("ksef.ratelimit.settings", "Nip:" + nip, "ksef.ratelimit.settings-changed.v1",
                JSON.writeValueAsString(event));
    }
}

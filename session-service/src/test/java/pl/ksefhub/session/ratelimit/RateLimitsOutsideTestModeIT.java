package pl.ksefhub.session.ratelimit;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.assertEffective;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.assertTooManyRequests;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.assertTooManyRequestsProblem;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.body;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.effective;

/**
 * A production-like configuration: no test mode (no {@code /testdata/rate-limits}), production defaults, and one
 * group changed by configuration (the public group down to three a minute, to count it without racing the clock).
 */
@QuarkusTest
@TestProfile(RateLimitsOutsideTestModeIT.Production.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class RateLimitsOutsideTestModeIT {

    private static final String CERTIFICATES = "/v2/security/public-key-certificates";

    public static class Production implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ksef.session.test-mode", "false",
                    "ksef.rate-limits.multiplier", "1",
                    "ksef.rate-limits.groups.public.per-minute", "3");
        }
    }

    @Test
    void theRateLimitTestDataDoesNotExist() {
        String token = TestTokens.accessToken(RandomIdentifiers.nip());
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body(RateLimitGroup::production))
                .post("/v2/testdata/rate-limits").then().statusCode(404);
        given().auth().oauth2(token).delete("/v2/testdata/rate-limits").then().statusCode(404);
        given().auth().oauth2(token).post("/v2/testdata/rate-limits/production").then().statusCode(404);
        given().post("/v2/testdata/rate-limits/production").then().statusCode(404);
    }

    @Test
    void theDefaultsAreKsefsProductionValues() {
        assertEffective(effective(TestTokens.accessToken(RandomIdentifiers.nip())), RateLimitGroup::production);
    }

    @Test
    void aPublicResourceCountsPerAddressWhateverTheToken() {
        String ip = "198.51.100.7";
        for (int i = 0; i < 3; i++) {
            certificates(ip).then().statusCode(200);
        }
        assertTooManyRequests(certificates(ip), 3, "minutę");
        // A token does not make it another client: public resources count per IP.
        Response withToken = given().header("X-Forwarded-For", ip)
                .auth().oauth2(TestTokens.accessToken(RandomIdentifiers.nip()))
                .header("X-Error-Format", "problem-details").get(CERTIFICATES);
        assertTooManyRequestsProblem(withToken, CERTIFICATES, 3, "minutę");
        certificates("198.51.100.8").then().statusCode(200);
    }

    private static Response certificates(String ip) {
        return given().header("X-Forwarded-For", ip).get(CERTIFICATES);
    }
}

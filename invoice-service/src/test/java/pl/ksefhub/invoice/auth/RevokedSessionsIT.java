package pl.ksefhub.invoice.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.restassured.response.ValidatableResponse;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.Revocations;
import pl.ksefhub.testsupport.StrictRevocationProfile;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/**
 * The platform's revocation consumer at work in a service that configures nothing for it: an access token of an
 * authentication session announced as revoked on {@code ksef.auth.revocations} gets 401 within seconds, other
 * tokens go on working, and a revocation announced before the service started is known too.
 */
@QuarkusTest
@TestProfile(StrictRevocationProfile.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
@QuarkusTestResource(RevokedSessionsIT.RevokedBeforeStart.class)
class RevokedSessionsIT {

    private static final String NIP = "5265877635";
    /** Any endpoint behind an access token will do: a malformed KSeF number is 400 once the token is accepted. */
    private static final String PROBE = "/v2/invoices/ksef/not-a-ksef-number";

    @Test
    void anAccessTokenOfARevokedSessionIsRefusedWithinSecondsWhileOtherTokensWork() {
        String authReference = TestTokens.randomAuthReference();
        String revoked = TestTokens.accessTokenOfSession(NIP, authReference);
        String other = TestTokens.accessToken(NIP);
        assertAccepted(probe(revoked));

        Revocations.publish(authReference, NIP, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15));

        awaitRefused(revoked);
        assertRefused(probe(revoked));
        assertAccepted(probe(other));
    }

    @Test
    void aRevocationAnnouncedBeforeTheServiceStartedIsKnown() {
        awaitRefused(TestTokens.accessTokenOfSession(NIP, RevokedBeforeStart.AUTH_REFERENCE));
    }

    @Test
    void anUnreadableRecordDoesNotStopTheConsumerAndAnExpiredRevocationRefusesNothing() {
        String marker = TestTokens.randomAuthReference();
        String expired = TestTokens.randomAuthReference();
        // One key, so one partition, so read in this order: junk, the expired revocation, then the marker.
        KafkaProbe.publishRaw(Revocations.TOPIC, marker, "not an event");
        KafkaProbe.publish(Revocations.TOPIC, marker, Revocations.SESSION_REVOKED, """
                {"authReferenceNumber": "%s", "validUntil": "%s"}""".formatted(expired,
                OffsetDateTime.now(ZoneOffset.UTC).minusMinutes(1)));
        Revocations.publish(marker, NIP, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15));

        awaitRefused(TestTokens.accessTokenOfSession(NIP, marker));
        assertAccepted(probe(TestTokens.accessTokenOfSession(NIP, expired)));
    }

    private static ValidatableResponse probe(String accessToken) {
        return given().auth().oauth2(accessToken).when().get(PROBE).then();
    }

    private static void awaitRefused(String accessToken) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> probe(accessToken).extract().statusCode() == 401);
    }

    private static void assertRefused(ValidatableResponse response) {
        response.statusCode(401).contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
    }

    private static void assertAccepted(ValidatableResponse response) {
        response.statusCode(400);
    }

    /**
     * Announces a revocation before the service under test starts (test resources start first): a replica that
     * starts later must learn the revocations made before it, so it reads the topic from the beginning.
     */
    public static class RevokedBeforeStart implements QuarkusTestResourceLifecycleManager {

        /** A constant: this class may be loaded twice (for the resource and for the test), a random value differ. */
        static final String AUTH_REFERENCE = "20250101-AU-0000000000-00000BEF0E-00";

        @Override
        public Map<String, String> start() {
            Revocations.publish(AUTH_REFERENCE, NIP, OffsetDateTime.now(ZoneOffset.UTC).plusHours(1));
            return Map.of();
        }

        @Override
        public void stop() {
            // The record stays on the topic, as a real revocation does.
        }
    }
}

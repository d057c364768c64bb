package pl.ksefhub.upo.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.Revocations;
import pl.ksefhub.testsupport.StrictRevocationProfile;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** The platform's revocation consumer runs here too, next to this service's own channels (dead-letters among them). */
@QuarkusTest
@TestProfile(StrictRevocationProfile.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class RevokedSessionsIT {

    private static final String NIP = "5265877635";
    /** Behind an access token; a reference number of the wrong length is 400 once the token is accepted. */
    private static final String PROBE = "/v2/sessions/short/upo/short";

    @Test
    void anAccessTokenOfARevokedSessionIsRefusedWithinSecondsWhileOtherTokensWork() {
        String authReference = TestTokens.randomAuthReference();
        String revoked = TestTokens.accessTokenOfSession(NIP, authReference);
        String other = TestTokens.accessToken(NIP);
        assertAccepted(revoked);

        Revocations.publish(authReference, NIP, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> status(revoked) == 401);
        assertAccepted(other);
    }

    private static int status(String accessToken) {
        return given().auth().oauth2(accessToken).when().get(PROBE).then().extract().statusCode();
    }

    private static void assertAccepted(String accessToken) {
        given().auth().oauth2(accessToken).when().get(PROBE).then().statusCode(400);
    }
}

package pl.ksefhub.recurring.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Test;
import pl.ksefhub.recurring.support.GreenMailResource;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.Revocations;
import pl.ksefhub.testsupport.StrictRevocationProfile;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;

/** The platform's revocation consumer runs here too: a revoked session's Bearer access token stops working. */
@QuarkusTest
@TestProfile(StrictRevocationProfile.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
@QuarkusTestResource(GreenMailResource.class)
class RevokedSessionsIT {

    private static final String NIP = "5265877635";
    /** Behind an access token; an unknown document is a 200 refusal envelope once the token is accepted. */
    private static final String PROBE = "/api/recurring-documents/get/999999999";

    @Test
    void anAccessTokenOfARevokedSessionIsRefusedWithinSecondsWhileOtherTokensWork() {
        String authReference = TestTokens.randomAuthReference();
        String revoked = TestTokens.accessTokenOfSession(NIP, authReference);
        String other = TestTokens.accessToken(NIP);
        given().auth().oauth2(revoked).when().get(PROBE).then().statusCode(200);

        Revocations.publish(authReference, NIP, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15));

        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100))
                .until(() -> given().auth().oauth2(revoked).when().get(PROBE).then().extract().statusCode() == 401);
        given().auth().oauth2(other).when().get(PROBE).then().statusCode(200);
    }
}

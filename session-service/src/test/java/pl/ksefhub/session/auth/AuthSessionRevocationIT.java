package pl.ksefhub.session.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.session.auth.AuthClient.refresh;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertBadRequest;

/**
 * Revoking an authentication session as auth/sesje.md says: its refresh token stops working at once, and its active
 * access tokens stay valid until they expire. The revoke is still announced on {@code ksef.auth.revocations}, for the
 * operator's option that refuses those access tokens too ({@link StrictAuthSessionRevocationIT}).
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class AuthSessionRevocationIT {

    private static final String REVOKED_REFRESH =
            "Status uwierzytelnienia (425) nie pozwala na odświeżenie tokenu dostępowego.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;
    @Inject
    AccessTokenVerifier verifier;

    @Test
    void revokingTheCurrentSessionEndsItsRefreshTokenAndLeavesItsAccessTokenValid() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens tokens = AuthClient.login(nip, token(nip));
        String reference = verifier.verify(tokens.accessToken()).authReferenceNumber();

        given().auth().oauth2(tokens.accessToken()).when().delete("/v2/auth/sessions/current").then().statusCode(204);

        assertBadRequest(refresh(tokens.refreshToken(), false), false, 21301, "Brak autoryzacji.", REVOKED_REFRESH);
        sessions(tokens.accessToken()).statusCode(200);
        given().auth().oauth2(tokens.accessToken()).when().get("/v2/tokens").then().statusCode(200);
        JsonNode event = JSON.readTree(KafkaProbe.events(AuthSessionEvents.TOPIC, reference,
                AuthSessionEvents.REVOKED, 1, Duration.ofSeconds(10)).get(0).value());
        assertEquals(reference, event.get("authReferenceNumber").asText());
    }

    @Test
    void revokingAnotherSessionByItsReferenceEndsOnlyItsRefreshToken() throws Exception {
        String nip = AuthTestData.randomNip();
        String token = token(nip);
        AuthClient.Tokens first = AuthClient.login(nip, token);
        AuthClient.Tokens second = AuthClient.login(nip, token);
        String secondReference = verifier.verify(second.accessToken()).authReferenceNumber();

        given().auth().oauth2(first.accessToken()).when().delete("/v2/auth/sessions/" + secondReference).then()
                .statusCode(204);

        assertBadRequest(refresh(second.refreshToken(), true), true, 21301, "Brak autoryzacji.", REVOKED_REFRESH);
        sessions(second.accessToken()).statusCode(200);
        refresh(first.refreshToken(), false).statusCode(200);
    }

    private String token(String nip) throws Exception {
        return AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token();
    }

    private static ValidatableResponse sessions(String bearer) {
        return given().auth().oauth2(bearer).when().get("/v2/auth/sessions").then();
    }
}

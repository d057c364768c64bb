package pl.ksefhub.session.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.session.auth.AuthClient.refresh;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertBadRequest;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertUnauthorized;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class AuthSessionsIT {

    private static final String REVOKED_REFRESH =
            "Status uwierzytelnienia (425) nie pozwala na odświeżenie tokenu dostępowego.";

    @Inject
    DataSource dataSource;
    @Inject
    AccessTokenVerifier verifier;

    @Test
    void revokingTheCurrentSessionTakesItOffTheListAndStopsItsRefreshToken() throws Exception {
        String nip = AuthTestData.randomNip();
        String token = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token();
        AuthClient.Tokens tokens = AuthClient.login(nip, token);
        String reference = verifier.verify(tokens.accessToken()).authReferenceNumber();

        sessions(tokens.accessToken(), null, null).statusCode(200)
                .body("items", hasSize(1))
                .body("items[0].referenceNumber", equalTo(reference))
                .body("items[0].isCurrent", equalTo(true))
                .body("items[0].authenticationMethod", equalTo("Token"))
                .body("items[0].authenticationMethodInfo.code", equalTo("token.ksef"))
                .body("items[0].status.code", equalTo(200))
                .body("items[0].isTokenRedeemed", equalTo(true))
                .body("items[0].refreshTokenValidUntil", notNullValue())
                .body("continuationToken", nullValue());

        given().auth().oauth2(tokens.accessToken()).when().delete("/v2/auth/sessions/current").then().statusCode(204);

        // Unlike KSeF ("aktywne accessTokeny pozostają ważne"), its access tokens stop too: AuthSessionRevocationIT.
        AuthClient.Tokens next = AuthClient.login(nip, token);
        sessions(next.accessToken(), null, null).statusCode(200)
                .body("items.referenceNumber", contains(verifier.verify(next.accessToken()).authReferenceNumber()));
        for (boolean problemDetails : new boolean[] {false, true}) {
            assertBadRequest(refresh(tokens.refreshToken(), problemDetails), problemDetails, 21301,
                    "Brak autoryzacji.", REVOKED_REFRESH);
        }
    }

    @Test
    void theRefreshTokenCanRevokeItsOwnSessionAndTheStatusShows425() throws Exception {
        String nip = AuthTestData.randomNip();
        String token = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token();
        Map<String, Object> started = AuthClient.start(nip, token);
        String authenticationToken = AuthClient.authenticationToken(started);
        Map<String, Object> redeemed = AuthClient.redeem(authenticationToken, false).statusCode(200).extract()
                .as(Map.class);
        String refreshToken = (String) ((Map<?, ?>) redeemed.get("refreshToken")).get("token");

        given().auth().oauth2(refreshToken).when().delete("/v2/auth/sessions/current").then().statusCode(204);

        AuthClient.status((String) started.get("referenceNumber"), authenticationToken).statusCode(200)
                .body("status.code", equalTo(425))
                .body("status.description", equalTo("Uwierzytelnienie unieważnione"))
                .body("status.details[0]", equalTo(
                        "Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika"));
        assertBadRequest(refresh(refreshToken, true), true, 21301, "Brak autoryzacji.", REVOKED_REFRESH);
    }

    @Test
    void anotherSessionOfTheContextIsListedAndCanBeRevokedByItsReference() throws Exception {
        String nip = AuthTestData.randomNip();
        String token = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token();
        AuthClient.Tokens first = AuthClient.login(nip, token);
        AuthClient.Tokens second = AuthClient.login(nip, token);
        String firstReference = verifier.verify(first.accessToken()).authReferenceNumber();
        String secondReference = verifier.verify(second.accessToken()).authReferenceNumber();

        sessions(first.accessToken(), null, null).statusCode(200)
                .body("items.referenceNumber", contains(secondReference, firstReference))
                .body("items.isCurrent", contains(false, true));

        given().auth().oauth2(first.accessToken()).when().delete("/v2/auth/sessions/" + secondReference).then()
                .statusCode(204);

        sessions(first.accessToken(), null, null).statusCode(200)
                .body("items.referenceNumber", contains(firstReference));
        assertBadRequest(refresh(second.refreshToken(), false), false, 21301, "Brak autoryzacji.", REVOKED_REFRESH);
        refresh(first.refreshToken(), false).statusCode(200);
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void aSessionOfAnotherContextIsNotFound(boolean problemDetails) throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens mine = AuthClient.login(nip,
                AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token());
        AuthClient.Tokens foreign = AuthClient.login(KsefTokenAuthenticationIT.BOOTSTRAP_NIP,
                KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN);
        String foreignReference = verifier.verify(foreign.accessToken()).authReferenceNumber();

        assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(mine.accessToken()).when()
                        .delete("/v2/auth/sessions/" + foreignReference).then(), problemDetails, 21304,
                "Brak uwierzytelnienia.",
                "Operacja uwierzytelniania o numerze referencyjnym " + foreignReference + " nie została znaleziona.");
        refresh(foreign.refreshToken(), false).statusCode(200);
    }

    @Test
    void activeSessionsArePagedNewestFirstWithAContinuationToken() throws Exception {
        String nip = AuthTestData.randomNip();
        String token = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token();
        List<String> references = new ArrayList<>();
        AuthClient.Tokens last = null;
        for (int i = 0; i < 11; i++) {
            last = AuthClient.login(nip, token);
            references.add(0, verifier.verify(last.accessToken()).authReferenceNumber());
        }
        ValidatableResponse firstPage = sessions(last.accessToken(), null, "10").statusCode(200)
                .body("items", hasSize(10))
                .body("continuationToken", notNullValue());
        List<String> listed = new ArrayList<>(firstPage.extract().jsonPath().getList("items.referenceNumber"));
        String continuation = firstPage.extract().path("continuationToken");
        ValidatableResponse secondPage = sessions(last.accessToken(), continuation, "10").statusCode(200)
                .body("items", hasSize(1))
                .body("continuationToken", nullValue());
        listed.addAll(secondPage.extract().jsonPath().getList("items.referenceNumber"));
        assertEquals(references, listed);
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void aPageSizeOutsideTheLimitsIsAValidationError(boolean problemDetails) {
        AuthClient.Tokens tokens = AuthClient.login(KsefTokenAuthenticationIT.BOOTSTRAP_NIP,
                KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN);
        assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(tokens.accessToken())
                        .queryParam("pageSize", "5").when().get("/v2/auth/sessions").then(), problemDetails, 21405,
                "Błąd walidacji danych wejściowych.", "'pageSize' must be between 10 and 100. You entered 5.");
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void aContinuationTokenNotIssuedHereIsRefused(boolean problemDetails) {
        AuthClient.Tokens tokens = AuthClient.login(KsefTokenAuthenticationIT.BOOTSTRAP_NIP,
                KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN);
        assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(tokens.accessToken())
                        .header("x-continuation-token", "MTA6ZGVhZGJlZWY").when().get("/v2/auth/sessions").then(),
                problemDetails, 21418, "Przekazany token kontynuacji ma nieprawidłowy format.");
    }

    @Test
    void listingAndRevokingNeedAnAccessToken() {
        AuthClient.Tokens tokens = AuthClient.login(KsefTokenAuthenticationIT.BOOTSTRAP_NIP,
                KsefTokenAuthenticationIT.BOOTSTRAP_TOKEN);
        String reference = verifier.verify(tokens.accessToken()).authReferenceNumber();
        assertUnauthorized(sessions(tokens.refreshToken(), null, null));
        assertUnauthorized(given().when().delete("/v2/auth/sessions/current").then());
        assertUnauthorized(given().auth().oauth2(tokens.refreshToken()).when()
                .delete("/v2/auth/sessions/" + reference).then());
        refresh(tokens.refreshToken(), false).statusCode(200);
    }

    private static ValidatableResponse sessions(String bearer, String continuationToken, String pageSize) {
        var request = given().auth().oauth2(bearer);
        if (continuationToken != null) {
            request = request.header("x-continuation-token", continuationToken);
        }
        if (pageSize != null) {
            request = request.queryParam("pageSize", pageSize);
        }
        return request.when().get("/v2/auth/sessions").then();
    }
}

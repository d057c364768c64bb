package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.auth.AuthClient.authenticationToken;
import static pl.ksefhub.session.auth.AuthClient.challenge;
import static pl.ksefhub.session.auth.AuthClient.encryptToken;
import static pl.ksefhub.session.auth.AuthClient.ksefTokenBody;
import static pl.ksefhub.session.auth.AuthClient.postKsefToken;
import static pl.ksefhub.session.auth.AuthClient.redeem;
import static pl.ksefhub.session.auth.AuthClient.refresh;
import static pl.ksefhub.session.auth.AuthClient.start;
import static pl.ksefhub.session.auth.AuthClient.status;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertBadRequest;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertUnauthorized;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class KsefTokenAuthenticationIT {

    /** From {@code %test.ksef.bootstrap.tokens}, of the official format as generated tokens are. */
    static final String BOOTSTRAP_NIP = "5265877635";
    static final String BOOTSTRAP_TOKEN =
            "20260101-EC-0000000001-B00757A9F1-C8|nip-5265877635|4742bfc0148e6a41bd24d9d42e17fa4fde90ea97aff0cb7d517ac5e3b90fa6c5";
    static final String OTHER_BOOTSTRAP_NIP = "7010002137";

    private static final String VALIDATION = "Błąd walidacji danych wejściowych.";
    private static final String INVALID_CHALLENGE = "Nieprawidłowe wyzwanie autoryzacyjne.";
    private static final String BAD_TOKEN = "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu";

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    AccessTokenIssuer issuer;
    @Inject
    DataSource dataSource;

    @Test
    void bootstrapTokenLogsInAndItsAccessTokenCarriesTheContextPermissionsAndTokenReference() throws Exception {
        AuthClient.Challenge challenge = challenge();
        Map<String, Object> started = postKsefToken(ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP,
                encryptToken(BOOTSTRAP_TOKEN, challenge.timestampMs())), false)
                .statusCode(202)
                .body("authenticationToken.validUntil", notNullValue())
                .extract().as(Map.class);
        String reference = (String) started.get("referenceNumber");
        assertTrue(ReferenceNumbers.isValid(reference));
        assertEquals("AU", ReferenceNumbers.kindOf(reference));
        String authenticationToken = authenticationToken(started);
        KsefPrincipal operationPrincipal = verifier.verify(authenticationToken);
        assertEquals(TokenType.AuthenticationToken, operationPrincipal.tokenType());
        assertTrue(operationPrincipal.permissions().isEmpty(), "the operation token grants nothing");

        status(reference, authenticationToken).statusCode(200)
                .body("startDate", notNullValue())
                .body("authenticationMethod", equalTo("Token"))
                .body("authenticationMethodInfo.category", equalTo("Token"))
                .body("authenticationMethodInfo.code", equalTo("token.ksef"))
                .body("authenticationMethodInfo.displayName", equalTo("Token KSeF"))
                .body("status.code", equalTo(200))
                .body("status.description", equalTo("Uwierzytelnianie zakończone sukcesem"))
                .body("status.details", nullValue())
                .body("isTokenRedeemed", equalTo(false))
                .body("refreshTokenValidUntil", nullValue());

        Map<String, Object> tokens = redeem(authenticationToken, false).statusCode(200)
                .body("accessToken.validUntil", notNullValue())
                .body("refreshToken.validUntil", notNullValue())
                .extract().as(Map.class);
        String accessToken = token(tokens, "accessToken");
        String refreshToken = token(tokens, "refreshToken");

        KsefPrincipal access = verifier.verify(accessToken);
        assertEquals(TokenType.ContextToken, access.tokenType());
        assertEquals(reference, access.authReferenceNumber());
        assertEquals("Nip", access.contextType());
        assertEquals(BOOTSTRAP_NIP, access.contextValue());
        assertEquals("Token", access.authMethod());
        assertEquals(bootstrapTokenReference(BOOTSTRAP_NIP), access.ksefTokenReference());
        assertEquals(Set.copyOf(Permissions.ALL), access.permissions());
        assertLifetime(access, 15 * 60);
        KsefPrincipal refreshPrincipal = verifier.verify(refreshToken);
        assertEquals(TokenType.RefreshToken, refreshPrincipal.tokenType());
        assertLifetime(refreshPrincipal, 7 * 24 * 3600);

        status(reference, authenticationToken).statusCode(200)
                .body("isTokenRedeemed", equalTo(true))
                .body("refreshTokenValidUntil", notNullValue())
                .body("lastTokenRefreshDate", nullValue());

        String refreshed = (String) ((Map<?, ?>) refresh(refreshToken, false).statusCode(200)
                .body("accessToken.validUntil", notNullValue())
                .extract().as(Map.class).get("accessToken")).get("token");
        assertNotEquals(accessToken, refreshed);
        KsefPrincipal afterRefresh = verifier.verify(refreshed);
        assertEquals(TokenType.ContextToken, afterRefresh.tokenType());
        assertEquals(reference, afterRefresh.authReferenceNumber());
        assertEquals(access.permissions(), afterRefresh.permissions());
        assertEquals(access.ksefTokenReference(), afterRefresh.ksefTokenReference());
        status(reference, authenticationToken).statusCode(200).body("lastTokenRefreshDate", notNullValue());

        // The refresh token can be used again (it lives 7 days).
        refresh(refreshToken, false).statusCode(200);
    }

    @Test
    void challengeIsAFreshCrReferenceWithMillisecondTimestampAndTheCallersAddress() {
        Map<String, Object> body = given().header("X-Forwarded-For", "203.0.113.7").when()
                .post("/v2/auth/challenge").then().statusCode(200).extract().as(Map.class);
        String challenge = (String) body.get("challenge");
        assertTrue(ReferenceNumbers.isValid(challenge));
        assertEquals("CR", ReferenceNumbers.kindOf(challenge));
        long timestampMs = ((Number) body.get("timestampMs")).longValue();
        assertEquals(timestampMs, OffsetDateTime.parse((String) body.get("timestamp")).toInstant().toEpochMilli());
        assertEquals("203.0.113.7", body.get("clientIp"));
        assertNotEquals(challenge, challenge().challenge());
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void aChallengeCanBeUsedOnlyOnce(boolean problemDetails) {
        AuthClient.Challenge challenge = challenge();
        Map<String, Object> body = ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP,
                encryptToken(BOOTSTRAP_TOKEN, challenge.timestampMs()));
        postKsefToken(body, problemDetails).statusCode(202);
        assertBadRequest(postKsefToken(body, problemDetails), problemDetails, 21111, INVALID_CHALLENGE);
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void anExpiredChallengeIsRefused(boolean problemDetails) throws Exception {
        AuthClient.Challenge challenge = challenge();
        execute("update auth_challenge set expires_at = now() - interval '1 second' where challenge = ?",
                challenge.challenge());
        assertBadRequest(postKsefToken(ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP,
                encryptToken(BOOTSTRAP_TOKEN, challenge.timestampMs())), problemDetails),
                problemDetails, 21111, INVALID_CHALLENGE);
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void anUnknownChallengeIsRefused(boolean problemDetails) {
        String unknown = ReferenceNumbers.next(ReferenceNumbers.CHALLENGE);
        assertBadRequest(postKsefToken(ksefTokenBody(unknown, BOOTSTRAP_NIP,
                encryptToken(BOOTSTRAP_TOKEN, System.currentTimeMillis())), problemDetails),
                problemDetails, 21111, INVALID_CHALLENGE);
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void aWrongTokenEndsTheOperationWith450AndItsTokensCannotBeRedeemed(boolean problemDetails) {
        Map<String, Object> started = start(BOOTSTRAP_NIP, "not-a-token-we-know");
        String reference = (String) started.get("referenceNumber");
        status(reference, authenticationToken(started)).statusCode(200)
                .body("status.code", equalTo(450))
                .body("status.description", equalTo(BAD_TOKEN))
                .body("status.details[0]", equalTo("Nieprawidłowy token"))
                .body("isTokenRedeemed", equalTo(false));
        assertBadRequest(redeem(authenticationToken(started), problemDetails), problemDetails, 21301,
                "Brak autoryzacji.", "Status uwierzytelniania (450) nie pozwala na pobranie tokenów.");
    }

    @Test
    void aTokenWithAnotherTimestampThanTheChallengesIs450WithTheTokenTime() {
        AuthClient.Challenge challenge = challenge();
        Map<String, Object> started = postKsefToken(ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP,
                encryptToken(BOOTSTRAP_TOKEN, challenge.timestampMs() - 1)), false)
                .statusCode(202).extract().as(Map.class);
        status((String) started.get("referenceNumber"), authenticationToken(started)).statusCode(200)
                .body("status.code", equalTo(450))
                .body("status.details[0]", equalTo("Nieprawidłowy czas tokena"));
    }

    @Test
    void aTokenEncryptedWithTheSessionKeyCertificateIs450InvalidToken() {
        AuthClient.Challenge challenge = challenge();
        String wrongKey = AuthClient.encrypt(BOOTSTRAP_TOKEN + "|" + challenge.timestampMs(),
                "SymmetricKeyEncryption");
        Map<String, Object> started = postKsefToken(ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP, wrongKey),
                false).statusCode(202).extract().as(Map.class);
        status((String) started.get("referenceNumber"), authenticationToken(started)).statusCode(200)
                .body("status.code", equalTo(450))
                .body("status.details[0]", equalTo("Nieprawidłowy token"));
    }

    @Test
    void aTokenOfAnotherContextGrantsNoPermissionsThere() {
        Map<String, Object> started = start(OTHER_BOOTSTRAP_NIP, BOOTSTRAP_TOKEN);
        status((String) started.get("referenceNumber"), authenticationToken(started)).statusCode(200)
                .body("status.code", equalTo(415))
                .body("status.description", equalTo("Uwierzytelnianie zakończone niepowodzeniem"))
                .body("status.details[0]", equalTo("Brak przypisanych uprawnień"));
        assertBadRequest(redeem(authenticationToken(started), false), false, 21301, "Brak autoryzacji.",
                "Status uwierzytelniania (415) nie pozwala na pobranie tokenów.");
    }

    @Test
    void aGeneratedTokenInTheKsefFormatLogsInUntilItIsRevoked() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken generated = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active);
        assertTrue(generated.token().startsWith(generated.referenceNumber() + "|nip-" + nip + "|"));
        AuthClient.Tokens tokens = AuthClient.login(nip, generated.token());
        assertEquals(generated.referenceNumber(), verifier.verify(tokens.accessToken()).ksefTokenReference());

        execute("update ksef_token set status = 'Revoked' where reference_number = ?", generated.referenceNumber());

        for (boolean problemDetails : new boolean[] {false, true}) {
            assertBadRequest(refresh(tokens.refreshToken(), problemDetails), problemDetails, 21301,
                    "Brak autoryzacji.", "Token KSeF został unieważniony.");
        }
        Map<String, Object> started = start(nip, generated.token());
        status((String) started.get("referenceNumber"), authenticationToken(started)).statusCode(200)
                .body("status.code", equalTo(450))
                .body("status.details[0]", equalTo("Token unieważniony"));
    }

    @Test
    void aPendingTokenIsNotActiveYet() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken pending = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Pending);
        Map<String, Object> started = start(nip, pending.token());
        status((String) started.get("referenceNumber"), authenticationToken(started)).statusCode(200)
                .body("status.code", equalTo(450))
                .body("status.details[0]", equalTo("Token nieaktywny"));
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void tokensCanBeRedeemedOnlyOnce(boolean problemDetails) {
        Map<String, Object> started = start(BOOTSTRAP_NIP, BOOTSTRAP_TOKEN);
        String reference = (String) started.get("referenceNumber");
        redeem(authenticationToken(started), problemDetails).statusCode(200);
        assertBadRequest(redeem(authenticationToken(started), problemDetails), problemDetails, 21301,
                "Brak autoryzacji.", "Tokeny dla operacji uwierzytelniania " + reference + " zostały już pobrane.");
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void malformedJsonIsAValidationError(boolean problemDetails) {
        assertBadRequest(AuthClient.request(problemDetails).contentType(ContentType.JSON)
                .body("{\"challenge\": ").when().post("/v2/auth/ksef-token").then(), problemDetails, 21405,
                VALIDATION, "Nieprawidłowy format JSON.");
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void missingFieldsAreListedInOneValidationError(boolean problemDetails) {
        assertBadRequest(postKsefToken(Map.of("contextIdentifier", Map.of("type", "Pesel", "value", "1")),
                problemDetails), problemDetails, 21405, VALIDATION,
                "'challenge' must not be empty.",
                "'contextIdentifier.type' has a range of values which does not include 'Pesel'.",
                "'encryptedToken' must not be empty.");
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void anEncryptedTokenThatIsNotBase64IsAValidationErrorAndKeepsTheChallenge(boolean problemDetails) {
        AuthClient.Challenge challenge = challenge();
        assertBadRequest(postKsefToken(ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP, "not base64!"),
                problemDetails), problemDetails, 21405, VALIDATION, "'encryptedToken' is not a valid Base64 string.");
        // Refused before the challenge is looked at: the client can still use it.
        postKsefToken(ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP,
                encryptToken(BOOTSTRAP_TOKEN, challenge.timestampMs())), problemDetails).statusCode(202);
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void anUnknownPublicKeyIdIsRefused(boolean problemDetails) {
        AuthClient.Challenge challenge = challenge();
        Map<String, Object> body = new HashMap<>(ksefTokenBody(challenge.challenge(), BOOTSTRAP_NIP,
                encryptToken(BOOTSTRAP_TOKEN, challenge.timestampMs())));
        // The session-key certificate's id is known, but not for tokens.
        String symmetricKeyId = (String) AuthClient.certificate("SymmetricKeyEncryption").get("publicKeyId");
        body.put("publicKeyId", symmetricKeyId);
        assertBadRequest(postKsefToken(body, problemDetails), problemDetails, 21470,
                "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
                "Klucz o identyfikatorze " + symmetricKeyId + " nie jest wspierany.");

        body.put("publicKeyId", AuthClient.certificate("KsefTokenEncryption").get("publicKeyId"));
        postKsefToken(body, problemDetails).statusCode(202);
    }

    @Test
    void refreshWithAnAccessTokenIsUnauthorized() {
        AuthClient.Tokens tokens = AuthClient.login(BOOTSTRAP_NIP, BOOTSTRAP_TOKEN);
        assertUnauthorized(refresh(tokens.accessToken(), false));
        assertUnauthorized(refresh(tokens.accessToken(), true));
    }

    @Test
    void redeemAndStatusNeedTheOperationsAuthenticationToken() {
        Map<String, Object> started = start(BOOTSTRAP_NIP, BOOTSTRAP_TOKEN);
        String reference = (String) started.get("referenceNumber");
        assertUnauthorized(given().when().post("/v2/auth/token/redeem").then());
        assertUnauthorized(given().when().get("/v2/auth/" + reference).then());
        AuthClient.Tokens other = AuthClient.login(BOOTSTRAP_NIP, BOOTSTRAP_TOKEN);
        assertUnauthorized(redeem(other.refreshToken(), false));
        assertUnauthorized(status(reference, other.accessToken()));
    }

    @Test
    void theTokenOfOneOperationDoesNotShowAnother() {
        Map<String, Object> first = start(BOOTSTRAP_NIP, BOOTSTRAP_TOKEN);
        Map<String, Object> second = start(BOOTSTRAP_NIP, BOOTSTRAP_TOKEN);
        status((String) second.get("referenceNumber"), authenticationToken(first)).statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("reasonCode", equalTo("insufficient-resource-access"))
                .body("detail", equalTo("Brak dostępu do wskazanego zasobu."));
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void anOperationThatDoesNotExistIs21304(boolean problemDetails) {
        AuthOperation ghost = new AuthOperation();
        ghost.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.AUTHENTICATION);
        ghost.contextType = "Nip";
        ghost.contextValue = BOOTSTRAP_NIP;
        ghost.authenticationMethod = "Token";
        String token = issuer.authenticationToken(ghost, OffsetDateTime.now()).info().token();
        String detail = "Operacja uwierzytelniania o numerze referencyjnym " + ghost.referenceNumber
                + " nie została znaleziona.";
        assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(token).when()
                .get("/v2/auth/" + ghost.referenceNumber).then(), problemDetails, 21304, "Brak uwierzytelnienia.",
                detail);
        assertBadRequest(redeem(token, problemDetails), problemDetails, 21304, "Brak uwierzytelnienia.", detail);
        String refreshToken = issuer.refreshToken(ghost, OffsetDateTime.now()).info().token();
        assertBadRequest(refresh(refreshToken, problemDetails), problemDetails, 21304, "Brak uwierzytelnienia.",
                detail);
    }

    private static void assertLifetime(KsefPrincipal principal, long seconds) {
        long remaining = principal.expiresAt().getEpochSecond() - Instant.now().getEpochSecond();
        assertTrue(remaining <= seconds && remaining > seconds - 60, "lifetime " + remaining + " s");
    }

    private static String token(Map<String, Object> tokens, String name) {
        return (String) ((Map<?, ?>) tokens.get(name)).get("token");
    }

    private String bootstrapTokenReference(String nip) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement query = connection.prepareStatement(
                     "select reference_number from ksef_token where secret_hash = ? and context_value = ?")) {
            query.setString(1, SecretHashes.sha256Hex(BOOTSTRAP_TOKEN));
            query.setString(2, nip);
            try (ResultSet rs = query.executeQuery()) {
                assertTrue(rs.next(), "the bootstrap token is stored");
                return rs.getString(1);
            }
        }
    }

    private void execute(String sql, String... parameters) throws Exception {
        AuthTestData.execute(dataSource, sql, parameters);
    }
}

package pl.ksefhub.session.auth.xades;

import pl.ksefhub.testsupport.xades.DssTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.Permissions;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code POST /auth/xades-signature} over HTTP, as a KSeF client with its own certificates does it. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class XadesAuthenticationIT {

    private static final String INVALID_CHALLENGE = "Nieprawidłowe wyzwanie autoryzacyjne.";
    private static final String INVALID_SIGNATURE = "Nieprawidłowy podpis.";

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    DataSource dataSource;
    @Inject
    PlatformKeys keys;

    @Test
    void aSealSignedWithRsaLogsInAsTheContextOwnerAndOpensAnOnlineSession() {
        String nip = randomNip();
        String challenge = challenge();
        byte[] signed = XadesTestSigner.sign(request(challenge, "Nip", nip, "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.RSA_2048));

        Map<String, Object> started = post(signed, false, false).statusCode(202).extract().as(Map.class);
        String reference = (String) started.get("referenceNumber");
        assertEquals("AU", ReferenceNumbers.kindOf(reference));
        String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        given().auth().oauth2(authenticationToken).get("/v2/auth/" + reference).then().statusCode(200)
                .body("status.code", equalTo(200))
                .body("authenticationMethod", equalTo("QualifiedSeal"))
                .body("authenticationMethodInfo.category", equalTo("XadesSignature"))
                .body("authenticationMethodInfo.code", equalTo("xades.qualified-seal"))
                .body("authenticationMethodInfo.displayName", equalTo("Pieczęć kwalifikowana"))
                .body("isTokenRedeemed", equalTo(false));

        String accessToken = given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then()
                .statusCode(200).extract().path("accessToken.token");
        KsefPrincipal principal = verifier.verify(accessToken);
        assertEquals(TokenType.ContextToken, principal.tokenType());
        assertEquals("Nip", principal.contextType());
        assertEquals(nip, principal.contextValue());
        assertEquals(nip, principal.subject());
        assertEquals("QualifiedSeal", principal.authMethod());
        assertEquals(sha256Base64(signed), principal.authDocumentHash());
        assertEquals(Set.copyOf(Permissions.ALL), principal.permissions());

        given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(TestDataClient.openRequest(keys))
                .post("/v2/sessions/online").then().statusCode(201)
                .body("referenceNumber", startsWith(""));
    }

    /** The official Java SDK signs with EU DSS: enveloped XAdES-BASELINE-B, the signature taken out by Filter 2.0. */
    @ParameterizedTest
    @ValueSource(strings = {"RSA_2048", "EC_P256", "EC_P384"})
    void aSealSignedByEuDssAsTheOfficialSdkSignsLogsInAndOpensASession(String key) {
        String nip = randomNip();
        byte[] signed = DssTestSigner.sign(request(challenge(), "Nip", nip, "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.valueOf(key)));
        String accessToken = redeem(post(signed, false, false).statusCode(202).extract().as(Map.class));
        KsefPrincipal principal = verifier.verify(accessToken);
        assertEquals(nip, principal.contextValue());
        assertEquals("QualifiedSeal", principal.authMethod());
        assertEquals(sha256Base64(signed), principal.authDocumentHash());
        given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(TestDataClient.openRequest(keys))
                .post("/v2/sessions/online").then().statusCode(201);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aPersonSignedByEuDssEnvelopingLogsInAndAskingForTheChainMakesItUntrusted(boolean embedXml) {
        String nip = randomNip();
        XadesTestSigner.Signer person = XadesTestSigner.person(nip, KeyKind.EC_P256);
        byte[] signed = DssTestSigner.sign(request(challenge(), "Nip", nip, "certificateSubject"), person,
                DssTestSigner.Options.enveloping(embedXml));
        KsefPrincipal principal = verifier.verify(redeem(post(signed, false, false).statusCode(202).extract()
                .as(Map.class)));
        assertEquals("QualifiedSignature", principal.authMethod());
        assertTrue(principal.permissions().contains("InvoiceWrite"));

        byte[] checked = DssTestSigner.sign(request(challenge(), "Nip", nip, "certificateSubject"), person,
                DssTestSigner.Options.enveloping(embedXml));
        assertCertificateError(post(checked, true, false), "Niezaufany łańcuch certyfikatów");
    }

    @Test
    void aPersonSignedWithEcP256LogsInToAnInternalIdOfItsNipAgainAndAgain() {
        String nip = randomNip();
        XadesTestSigner.Signer person = XadesTestSigner.person(nip, KeyKind.EC_P256);
        for (int login = 0; login < 2; login++) {
            byte[] signed = XadesTestSigner.sign(XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE_V21,
                    challenge(), "InternalId", nip + "-00001", "certificateSubject"), person);
            Map<String, Object> started = post(signed, false, false).statusCode(202).extract().as(Map.class);
            String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
            given().auth().oauth2(authenticationToken).get("/v2/auth/" + started.get("referenceNumber")).then()
                    .statusCode(200).body("status.code", equalTo(200))
                    .body("authenticationMethod", equalTo("QualifiedSignature"))
                    .body("authenticationMethodInfo.code", equalTo("xades.qualified-signature"));
            String accessToken = given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then()
                    .statusCode(200).extract().path("accessToken.token");
            KsefPrincipal principal = verifier.verify(accessToken);
            assertEquals("InternalId", principal.contextType());
            assertEquals("QualifiedSignature", principal.authMethod());
            assertTrue(principal.permissions().contains("Owner"));
        }
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aDocumentChangedAfterSigningIsRefusedAndLeavesTheChallengeUnused(boolean problemDetails) {
        String nip = randomNip();
        String challenge = challenge();
        String signed = new String(XadesTestSigner.sign(request(challenge, "Nip", nip, "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.RSA_2048)), StandardCharsets.UTF_8);
        String otherNip = randomNip();
        byte[] tampered = signed.replace(nip + "</", otherNip + "</").getBytes(StandardCharsets.UTF_8);
        assertBadRequest(post(tampered, false, problemDetails), problemDetails, 9105, INVALID_SIGNATURE,
                "Skrót podpisanych danych nie odpowiada dokumentowi.");
        post(signed.getBytes(StandardCharsets.UTF_8), false, false).statusCode(202);
    }

    @Test
    void aCertificateOfAnotherNipHasNoPermissionsInTheContext() {
        String challenge = challenge();
        byte[] signed = XadesTestSigner.sign(request(challenge, "Nip", randomNip(), "certificateSubject"),
                XadesTestSigner.seal(randomNip(), KeyKind.EC_P256));
        Map<String, Object> started = post(signed, false, false).statusCode(202).extract().as(Map.class);
        String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        given().auth().oauth2(authenticationToken).get("/v2/auth/" + started.get("referenceNumber")).then()
                .statusCode(200)
                .body("status.code", equalTo(415))
                .body("status.description", equalTo("Uwierzytelnianie zakończone niepowodzeniem"))
                .body("status.details", contains("Brak przypisanych uprawnień"));
        given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21301));
    }

    @Test
    void aPeselPersonAndAFingerprintHoldNothingUntilGranted() {
        String nip = randomNip();
        assertStatus(post(XadesTestSigner.sign(request(challenge(), "Nip", nip, "certificateSubject"),
                XadesTestSigner.person("80010112345", KeyKind.EC_P256)), false, false), 415);
        assertStatus(post(XadesTestSigner.sign(request(challenge(), "Nip", nip, "certificateFingerprint"),
                XadesTestSigner.seal(nip, KeyKind.EC_P256)), false, false), 415);
    }

    @Test
    void aGrantedFingerprintLogsInWithItsPermissions() throws Exception {
        String nip = randomNip();
        XadesTestSigner.Signer signer = XadesTestSigner.anonymous(KeyKind.EC_P256);
        execute("insert into permission_grant (id, grant_kind, context_type, context_value, subject_type,"
                + " subject_value, permission, description, author_type, granted_in_type, granted_in_value, state,"
                + " created_at) select gen_random_uuid()::text, 'Person', 'Nip', v.c, 'Fingerprint', v.s, p,"
                + " 'test grant', 'System', 'Nip', v.c, 'Active', now() from (values (?, ?)) v(c, s)"
                + " cross join unnest(string_to_array('InvoiceRead', ',')) p", nip,
                CertificateSubject.fingerprint(signer.certificate()));
        Map<String, Object> started = post(XadesTestSigner.sign(request(challenge(), "Nip", nip,
                "certificateFingerprint"), signer), false, false).statusCode(202).extract().as(Map.class);
        String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        String accessToken = given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then()
                .statusCode(200).extract().path("accessToken.token");
        assertEquals(Set.of("InvoiceRead"), verifier.verify(accessToken).permissions());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void anExpiredChallengeIsRefused(boolean problemDetails) throws Exception {
        String nip = randomNip();
        String challenge = challenge();
        execute("update auth_challenge set expires_at = now() - interval '1 second' where challenge = ?", challenge);
        byte[] signed = XadesTestSigner.sign(request(challenge, "Nip", nip, "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.EC_P256));
        assertBadRequest(post(signed, false, problemDetails), problemDetails, 21111, INVALID_CHALLENGE);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aReplayedOrUnknownChallengeIsRefused(boolean problemDetails) {
        String nip = randomNip();
        String challenge = challenge();
        byte[] signed = XadesTestSigner.sign(request(challenge, "Nip", nip, "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.EC_P256));
        post(signed, false, false).statusCode(202);
        assertBadRequest(post(signed, false, problemDetails), problemDetails, 21111, INVALID_CHALLENGE);
        byte[] unknown = XadesTestSigner.sign(request("20250625-CR-20F5EE4000-DA48AE4124-46", "Nip", nip,
                "certificateSubject"), XadesTestSigner.seal(nip, KeyKind.EC_P256));
        assertBadRequest(post(unknown, false, problemDetails), problemDetails, 21111, INVALID_CHALLENGE);
    }

    @Test
    void aSelfSignedCertificateIsUntrustedWhenTheChainIsToBeVerified() {
        String nip = randomNip();
        byte[] signed = XadesTestSigner.sign(request(challenge(), "Nip", nip, "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.EC_P256));
        assertCertificateError(post(signed, true, false), "Niezaufany łańcuch certyfikatów");
    }

    @Test
    void anExpiredCertificateIsInvalid() {
        String nip = randomNip();
        byte[] signed = XadesTestSigner.sign(request(challenge(), "Nip", nip, "certificateSubject"),
                XadesTestSigner.expiredPerson(nip));
        assertCertificateError(post(signed, false, false), "Nieważny certyfikat");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void everyDocumentErrorHasItsCode(boolean problemDetails) {
        String nip = randomNip();
        String unsigned = request(challenge(), "Nip", nip, "certificateSubject");
        assertBadRequest(post(unsigned.getBytes(StandardCharsets.UTF_8), false, problemDetails), problemDetails,
                9102, "Brak podpisu.");
        assertCode(post("<AuthTokenRequest".getBytes(StandardCharsets.UTF_8), false, problemDetails),
                problemDetails, 21001);
        assertCode(post(("<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>")
                .getBytes(StandardCharsets.UTF_8), false, problemDetails), problemDetails, 21001);
        assertBadRequest(post(new byte[]{'<', 'a', '>', (byte) 0xB1, '<', '/', 'a', '>'}, false, problemDetails),
                problemDetails, 21217, "Nieprawidłowe kodowanie znaków.");
        assertCode(post(XadesTestSigner.sign(unsigned.replace("certificateSubject", "certificateName"),
                XadesTestSigner.seal(nip, KeyKind.EC_P256)), false, problemDetails), problemDetails, 21401);
        assertCode(post(XadesTestSigner.sign(unsigned, XadesTestSigner.seal(nip, KeyKind.RSA_1024)), false,
                problemDetails), problemDetails, 21115);
        assertCode(post(XadesTestSigner.sign(unsigned, XadesTestSigner.anonymous(KeyKind.EC_P256)), false,
                problemDetails), problemDetails, 21406);
        assertCode(post(XadesTestSigner.sign(request(challenge(), "Nip", "5265877636", "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.EC_P256)), false, problemDetails), problemDetails, 21117);
        String once = new String(XadesTestSigner.sign(unsigned, XadesTestSigner.seal(nip, KeyKind.EC_P256)),
                StandardCharsets.UTF_8).replaceFirst("<\\?xml[^>]*>", "");
        assertCode(post(XadesTestSigner.sign(once, XadesTestSigner.seal(nip, KeyKind.EC_P256)), false,
                problemDetails), problemDetails, 9103);
        String duplicateId = new String(XadesTestSigner.sign(unsigned, XadesTestSigner.seal(nip, KeyKind.EC_P256)),
                StandardCharsets.UTF_8).replace("<ds:KeyInfo>", "<ds:KeyInfo Id=\"SignedProperties-1\">");
        assertCode(post(duplicateId.getBytes(StandardCharsets.UTF_8), false, problemDetails), problemDetails, 9101);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aVerifyCertificateChainThatIsNoBooleanIsAValidationError(boolean problemDetails) {
        String nip = randomNip();
        byte[] signed = XadesTestSigner.sign(request(challenge(), "Nip", nip, "certificateSubject"),
                XadesTestSigner.seal(nip, KeyKind.EC_P256));
        RequestSpecification spec = problemDetails ? given().header("X-Error-Format", "problem-details") : given();
        assertBadRequest(spec.queryParam("verifyCertificateChain", "yes").contentType("application/xml").body(signed)
                        .post("/v2/auth/xades-signature").then(), problemDetails, 21405,
                "Błąd walidacji danych wejściowych.",
                "Parametr verifyCertificateChain musi mieć wartość true lub false.");
    }

    // --- a KSeF client over HTTP

    /** The access token of a started authentication that succeeded. */
    private static String redeem(Map<?, ?> started) {
        String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        given().auth().oauth2(authenticationToken).get("/v2/auth/" + started.get("referenceNumber")).then()
                .statusCode(200).body("status.code", equalTo(200));
        return given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then()
                .statusCode(200).extract().path("accessToken.token");
    }

    private static String challenge() {
        return given().post("/v2/auth/challenge").then().statusCode(200).extract().path("challenge");
    }

    private static String request(String challenge, String contextType, String contextValue, String subjectType) {
        return XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE, challenge, contextType,
                contextValue, subjectType);
    }

    private static ValidatableResponse post(byte[] document, boolean verifyCertificateChain, boolean problemDetails) {
        RequestSpecification spec = given();
        if (problemDetails) {
            spec = spec.header("X-Error-Format", "problem-details");
        }
        if (verifyCertificateChain) {
            spec = spec.queryParam("verifyCertificateChain", true);
        }
        return spec.contentType("application/xml").body(document).post("/v2/auth/xades-signature").then();
    }

    private static void assertStatus(ValidatableResponse started, int code) {
        Map<String, Object> body = started.statusCode(202).extract().as(Map.class);
        String authenticationToken = (String) ((Map<?, ?>) body.get("authenticationToken")).get("token");
        given().auth().oauth2(authenticationToken).get("/v2/auth/" + body.get("referenceNumber")).then()
                .statusCode(200).body("status.code", equalTo(code));
    }

    private static void assertCertificateError(ValidatableResponse started, String detail) {
        Map<String, Object> body = started.statusCode(202).extract().as(Map.class);
        String authenticationToken = (String) ((Map<?, ?>) body.get("authenticationToken")).get("token");
        given().auth().oauth2(authenticationToken).get("/v2/auth/" + body.get("referenceNumber")).then()
                .statusCode(200)
                .body("status.code", equalTo(460))
                .body("status.description",
                        equalTo("Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu"))
                .body("status.details", contains(detail));
        given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21301));
    }

    /** A 400 with the code, description and exactly these details, in the format the request asked for. */
    private static void assertBadRequest(ValidatableResponse response, boolean problemDetails, int code,
                                         String description, String... details) {
        assertCode(response, problemDetails, code);
        if (problemDetails) {
            response.body("errors[0].description", equalTo(description))
                    .body("errors[0].details", details.length == 0 ? empty() : contains((Object[]) details));
        } else {
            response.body("exception.exceptionDetailList[0].exceptionDescription", equalTo(description))
                    .body("exception.exceptionDetailList[0].details",
                            details.length == 0 ? nullValue() : contains((Object[]) details));
        }
    }

    private static void assertCode(ValidatableResponse response, boolean problemDetails, int code) {
        response.statusCode(400);
        if (problemDetails) {
            response.contentType(startsWith("application/problem+json"))
                    .body("status", equalTo(400))
                    .body("errors", hasSize(1))
                    .body("errors[0].code", equalTo(code));
        } else {
            response.contentType(startsWith("application/json"))
                    .body("exception.exceptionDetailList", hasSize(1))
                    .body("exception.exceptionDetailList[0].exceptionCode", equalTo(code));
        }
    }

    private void execute(String sql, String... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static String sha256Base64(byte[] document) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(document));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A NIP with a valid checksum (weights 6,5,7,2,3,4,5,6,7) that the schema's pattern takes (its second and third
     * digits are not both 0), unique per test.
     */
    static String randomNip() {
        while (true) {
            StringBuilder nip = new StringBuilder().append(ThreadLocalRandom.current().nextInt(1, 10))
                    .append(ThreadLocalRandom.current().nextInt(1, 10));
            for (int i = 2; i < 9; i++) {
                nip.append(ThreadLocalRandom.current().nextInt(10));
            }
            String candidate = nip.toString();
            for (int check = 0; check < 10; check++) {
                if (ContextIdentifiers.isValidNip(candidate + check)) {
                    return candidate + check;
                }
            }
        }
    }
}

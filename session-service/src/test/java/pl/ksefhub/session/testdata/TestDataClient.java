package pl.ksefhub.session.testdata;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.session.auth.xades.ContextIdentifiers;
import pl.ksefhub.testsupport.xades.XadesTestSigner;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;

/** What a KSeF client of the test environment does in these tests: test data calls, XAdES logins, session opens. */
public final class TestDataClient {

    private TestDataClient() {
    }

    public static RequestSpecification request(boolean problemDetails) {
        RequestSpecification spec = given().contentType(ContentType.JSON);
        return problemDetails ? spec.header("X-Error-Format", "problem-details") : spec;
    }

    /** {@code POST /v2/testdata/<path>} without a bearer, as KSeF's test data endpoints are public. */
    public static ValidatableResponse post(String path, Object body) {
        return post(path, body, false);
    }

    public static ValidatableResponse post(String path, Object body, boolean problemDetails) {
        return request(problemDetails).body(body).post("/v2/testdata/" + path).then();
    }

    /** The outcome of a XAdES login: its status code, and the access token when it succeeded. */
    public record Login(int statusCode, String accessToken) {
    }

    /** Signs an {@code AuthTokenRequest} for the context with the signer, and redeems the tokens on success. */
    public static Login xadesLogin(XadesTestSigner.Signer signer, String contextType, String contextValue,
                                   String subjectIdentifierType) {
        String challenge = given().post("/v2/auth/challenge").then().statusCode(200).extract().path("challenge");
        byte[] signed = XadesTestSigner.sign(XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE,
                challenge, contextType, contextValue, subjectIdentifierType), signer);
        Map<String, Object> started = given().contentType("application/xml").body(signed)
                .post("/v2/auth/xades-signature").then().statusCode(202).extract().as(Map.class);
        String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        int code = given().auth().oauth2(authenticationToken).get("/v2/auth/" + started.get("referenceNumber"))
                .then().statusCode(200).extract().path("status.code");
        if (code != 200) {
            return new Login(code, null);
        }
        String accessToken = given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then()
                .statusCode(200).extract().path("accessToken.token");
        return new Login(code, accessToken);
    }

    public static Login xadesLogin(XadesTestSigner.Signer signer, String contextNip) {
        return xadesLogin(signer, "Nip", contextNip, "certificateSubject");
    }

    /** The status of the XAdES login, checked with its full texts. */
    public static ValidatableResponse xadesStatus(XadesTestSigner.Signer signer, String contextNip) {
        String challenge = given().post("/v2/auth/challenge").then().statusCode(200).extract().path("challenge");
        byte[] signed = XadesTestSigner.sign(XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE,
                challenge, "Nip", contextNip, "certificateSubject"), signer);
        Map<String, Object> started = given().contentType("application/xml").body(signed)
                .post("/v2/auth/xades-signature").then().statusCode(202).extract().as(Map.class);
        String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        return given().auth().oauth2(authenticationToken).get("/v2/auth/" + started.get("referenceNumber"))
                .then().statusCode(200);
    }

    /** {@code POST /v2/sessions/online} for FA (3) with a key wrapped for this server. */
    public static ValidatableResponse openOnlineSession(String accessToken, PlatformKeys keys) {
        return given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(openRequest(keys))
                .post("/v2/sessions/online").then();
    }

    public static Map<String, Object> openRequest(PlatformKeys keys) {
        try {
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, keys.certificate(KeyUsage.SymmetricKeyEncryption).getPublicKey(),
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            byte[] iv = new byte[16];
            new SecureRandom().nextBytes(iv);
            return Map.of("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"),
                    "encryption", Map.of("encryptedSymmetricKey",
                            Base64.getEncoder().encodeToString(rsa.doFinal(key)),
                            "initializationVector", Base64.getEncoder().encodeToString(iv)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A 21405 whose details contain the given one, in the legacy format. */
    public static void assertValidation(ValidatableResponse response, String detail) {
        response.statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Błąd walidacji danych wejściowych."))
                .body("exception.exceptionDetailList[0].details", hasItem(detail));
    }

    /** A NIP with a valid checksum and the spec's pattern, unique per test. */
    public static String randomNip() {
        while (true) {
            StringBuilder nip = new StringBuilder().append(ThreadLocalRandom.current().nextInt(1, 10))
                    .append(ThreadLocalRandom.current().nextInt(1, 10));
            for (int i = 2; i < 9; i++) {
                nip.append(ThreadLocalRandom.current().nextInt(10));
            }
            for (int check = 0; check < 10; check++) {
                if (ContextIdentifiers.isValidNip(nip.toString() + check)) {
                    return nip.toString() + check;
                }
            }
        }
    }

    /** A PESEL with a valid check digit of someone born in the 1900s, unique per test. */
    public static String randomPesel() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String body = String.format("%02d%02d%02d%04d", random.nextInt(100), random.nextInt(1, 13),
                random.nextInt(1, 29), random.nextInt(10_000));
        int[] weights = {1, 3, 7, 9, 1, 3, 7, 9, 1, 3};
        int sum = 0;
        for (int i = 0; i < 10; i++) {
            sum += weights[i] * (body.charAt(i) - '0');
        }
        return body + (10 - sum % 10) % 10;
    }
}

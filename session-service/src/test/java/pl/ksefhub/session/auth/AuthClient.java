package pl.ksefhub.session.auth;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;

/**
 * What a KSeF client does, over HTTP only: it takes the certificate from {@code /security/public-key-certificates}
 * and encrypts {@code token|timestampMs} with RSA-OAEP-SHA-256 as the official SDKs do. Public for the tests of other
 * capabilities that need a real login.
 */
public final class AuthClient {

    public static final String PROBLEM = "problem-details";

    private AuthClient() {
    }

    public record Challenge(String challenge, long timestampMs) {
    }

    public record Tokens(String accessToken, String refreshToken) {
    }

    public static RequestSpecification request(boolean problemDetails) {
        RequestSpecification spec = given();
        return problemDetails ? spec.header("X-Error-Format", PROBLEM) : spec;
    }

    public static Challenge challenge() {
        Map<String, Object> body = given().when().post("/v2/auth/challenge").then().statusCode(200)
                .extract().as(Map.class);
        return new Challenge((String) body.get("challenge"), ((Number) body.get("timestampMs")).longValue());
    }

    public static Map<String, Object> certificate(String usage) {
        List<Map<String, Object>> certificates = given().when().get("/v2/security/public-key-certificates")
                .then().statusCode(200).extract().jsonPath().getList("$");
        return certificates.stream().filter(c -> ((List<?>) c.get("usage")).contains(usage)).findFirst()
                .orElseThrow();
    }

    public static String encrypt(String plaintext, String usage) {
        try {
            byte[] der = Base64.getDecoder().decode((String) certificate(usage).get("certificate"));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
            cipher.init(Cipher.ENCRYPT_MODE, certificate.getPublicKey(), new OAEPParameterSpec("SHA-256", "MGF1",
                    MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            return Base64.getEncoder().encodeToString(cipher.doFinal(plaintext.getBytes(StandardCharsets.UTF_8)));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static String encryptToken(String token, long timestampMs) {
        return encrypt(token + "|" + timestampMs, "KsefTokenEncryption");
    }

    public static Map<String, Object> ksefTokenBody(String challenge, String nip, String encryptedToken) {
        return ksefTokenBody(challenge, "Nip", nip, encryptedToken);
    }

    public static Map<String, Object> ksefTokenBody(String challenge, String contextType, String contextValue,
                                             String encryptedToken) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("challenge", challenge);
        body.put("contextIdentifier", Map.of("type", contextType, "value", contextValue));
        body.put("encryptedToken", encryptedToken);
        return body;
    }

    public static ValidatableResponse postKsefToken(Object body, boolean problemDetails) {
        return request(problemDetails).contentType(ContentType.JSON).body(body).when().post("/v2/auth/ksef-token")
                .then();
    }

    /** Challenge and {@code /auth/ksef-token} with the given token: the 202 body. */
    public static Map<String, Object> start(String nip, String token) {
        return start("Nip", nip, token);
    }

    public static Map<String, Object> start(String contextType, String contextValue, String token) {
        Challenge challenge = challenge();
        return postKsefToken(ksefTokenBody(challenge.challenge(), contextType, contextValue,
                encryptToken(token, challenge.timestampMs())), false).statusCode(202).extract().as(Map.class);
    }

    public static String authenticationToken(Map<String, Object> started) {
        return (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
    }

    public static ValidatableResponse status(String referenceNumber, String authenticationToken) {
        return given().auth().oauth2(authenticationToken).when().get("/v2/auth/" + referenceNumber).then();
    }

    public static ValidatableResponse redeem(String authenticationToken, boolean problemDetails) {
        return request(problemDetails).auth().oauth2(authenticationToken).when().post("/v2/auth/token/redeem")
                .then();
    }

    public static ValidatableResponse refresh(String refreshToken, boolean problemDetails) {
        return request(problemDetails).auth().oauth2(refreshToken).when().post("/v2/auth/token/refresh").then();
    }

    /** The whole login with a KSeF token: what a client needs before any other call. */
    public static Tokens login(String nip, String token) {
        return login("Nip", nip, token);
    }

    public static Tokens login(String contextType, String contextValue, String token) {
        Map<String, Object> started = start(contextType, contextValue, token);
        Map<String, Object> tokens = redeem(authenticationToken(started), false).statusCode(200).extract()
                .as(Map.class);
        return new Tokens((String) ((Map<?, ?>) tokens.get("accessToken")).get("token"),
                (String) ((Map<?, ?>) tokens.get("refreshToken")).get("token"));
    }
}

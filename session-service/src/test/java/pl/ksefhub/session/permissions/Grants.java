package pl.ksefhub.session.permissions;

import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import pl.ksefhub.testsupport.xades.XadesTestSigner;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** A KSeF client of {@code /permissions} over HTTP, for the ITs: logins, grants, statuses, queries. */
final class Grants {

    static final Map<String, Object> PERSON = Map.of("subjectDetailsType", "PersonByIdentifier",
            "personById", Map.of("firstName", "Anna", "lastName", "Testowa"));
    static final Map<String, Object> ENTITY = Map.of("fullName", "Biuro Rachunkowe");

    private Grants() {
    }

    /** Both tokens of a successful XAdES login. */
    record Tokens(String accessToken, String refreshToken) {
    }

    /** Logs in; null when the authentication did not succeed (its status code is then {@code failed[0]}). */
    static Tokens login(XadesTestSigner.Signer signer, String contextType, String contextValue, String subjectType,
                        int[] failed) {
        String challenge = given().post("/v2/auth/challenge").then().statusCode(200).extract().path("challenge");
        byte[] signed = XadesTestSigner.sign(XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE,
                challenge, contextType, contextValue, subjectType), signer);
        Map<String, Object> started = given().contentType("application/xml").body(signed)
                .post("/v2/auth/xades-signature").then().statusCode(202).extract().as(Map.class);
        String authenticationToken = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        int code = given().auth().oauth2(authenticationToken).get("/v2/auth/" + started.get("referenceNumber"))
                .then().statusCode(200).extract().path("status.code");
        if (code != 200) {
            if (failed != null) {
                failed[0] = code;
            }
            return null;
        }
        Map<String, Object> tokens = given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem")
                .then().statusCode(200).extract().as(Map.class);
        return new Tokens((String) ((Map<?, ?>) tokens.get("accessToken")).get("token"),
                (String) ((Map<?, ?>) tokens.get("refreshToken")).get("token"));
    }

    static String access(XadesTestSigner.Signer signer, String contextType, String contextValue) {
        Tokens tokens = login(signer, contextType, contextValue, "certificateSubject", null);
        if (tokens == null) {
            throw new AssertionError("login to " + contextType + " " + contextValue + " failed");
        }
        return tokens.accessToken();
    }

    static String refresh(String refreshToken) {
        return given().auth().oauth2(refreshToken).post("/v2/auth/token/refresh").then().statusCode(200)
                .extract().path("accessToken.token");
    }

    static ValidatableResponse post(String token, String path, Object body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body).post("/v2/permissions/" + path)
                .then();
    }

    /** A grant or revoke accepted (202 with an EG reference), and the code of its operation's status. */
    static int operate(String token, ValidatableResponse accepted) {
        String reference = accepted.statusCode(202).extract().path("referenceNumber");
        return given().auth().oauth2(token).get("/v2/permissions/operations/" + reference).then().statusCode(200)
                .extract().path("status.code");
    }

    static int grant(String token, String path, Object body) {
        return operate(token, post(token, path, body));
    }

    static int revoke(String token, String permissionId) {
        return operate(token, given().auth().oauth2(token).delete("/v2/permissions/common/grants/" + permissionId)
                .then());
    }

    static Map<String, Object> personGrant(String type, String value, List<String> permissions) {
        return Map.of("subjectIdentifier", Map.of("type", type, "value", value), "permissions", permissions,
                "description", "Nadanie w teście", "subjectDetails", PERSON);
    }

    static Map<String, Object> entityGrant(String nip, String permission, boolean canDelegate) {
        return Map.of("subjectIdentifier", Map.of("type", "Nip", "value", nip),
                "permissions", List.of(Map.of("type", permission, "canDelegate", canDelegate)),
                "description", "Biuro rachunkowe", "subjectDetails", ENTITY);
    }

    static Map<String, Object> authorizationGrant(String type, String value, String permission) {
        return Map.of("subjectIdentifier", Map.of("type", type, "value", value), "permission", permission,
                "description", "Uprawnienie podmiotowe", "subjectDetails", ENTITY);
    }

    /** {@code POST /permissions/query/persons/grants} of the given type: the list's items. */
    static List<Map<String, Object>> persons(String token, String queryType, Map<String, Object> filters) {
        Map<String, Object> body = new java.util.HashMap<>(filters);
        body.put("queryType", queryType);
        return post(token, "query/persons/grants", body).statusCode(200).extract().path("permissions");
    }

    static ValidatableResponse status(String token, String reference) {
        return given().auth().oauth2(token).get("/v2/permissions/operations/" + reference).then();
    }

    static void assertStatus(String token, String reference, int code) {
        status(token, reference).statusCode(200).body("status.code", equalTo(code));
    }
}

package pl.ksefhub.session.testdata;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;

/** Outside test mode (KSeF's production environment) {@code /testdata/**} does not exist; {@code /limits} does. */
@QuarkusTest
@TestProfile(TestDataOutsideTestModeIT.ProductionMode.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class TestDataOutsideTestModeIT {

    public static class ProductionMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("ksef.session.test-mode", "false");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"POST subject", "POST subject/remove", "POST person", "POST person/remove",
            "POST permissions", "POST permissions/revoke", "POST attachment", "POST attachment/revoke",
            "POST context/block", "POST context/unblock", "POST limits/context/session",
            "DELETE limits/context/session", "POST limits/subject/certificate", "DELETE limits/subject/certificate"})
    void everyTestDataEndpointIsNotFound(String operation) {
        String[] methodAndPath = operation.split(" ");
        String nip = TestDataClient.randomNip();
        given().auth().oauth2(TestTokens.accessToken(nip)).contentType(ContentType.JSON)
                .body(Map.of("nip", nip, "subjectNip", nip))
                .request(methodAndPath[0], "/v2/testdata/" + methodAndPath[1]).then().statusCode(404);
        given().contentType(ContentType.JSON).body("{}")
                .request(methodAndPath[0], "/v2/testdata/" + methodAndPath[1]).then().statusCode(404);
    }

    @ParameterizedTest
    @ValueSource(strings = {"context", "subject"})
    void theLimitsInForceAreStillShown(String scope) {
        given().auth().oauth2(TestTokens.accessToken(TestDataClient.randomNip())).get("/v2/limits/" + scope).then()
                .statusCode(200).body(scope.equals("context") ? "onlineSession.maxInvoices"
                        : "certificate.maxCertificates", equalTo(scope.equals("context") ? 10000 : 100));
    }
}

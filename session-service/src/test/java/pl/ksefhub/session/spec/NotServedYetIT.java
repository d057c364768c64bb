package pl.ksefhub.session.spec;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;

/**
 * An operation of the official spec that is not served yet answers 501 naming it, after the token check KSeF makes
 * first (the official SDK's unauthorizedTest expects 401 there); a path the spec does not have stays 404. The
 * problem's instance is the path the client called, also behind the edge's {@code /api/v2} alias.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class NotServedYetIT {

    // invoice-service's: session-service does not serve it.
    private static final String METADATA = "/v2/invoices/query/metadata";

    @Test
    void anUnservedOperationWithoutAValidTokenIs401() {
        given().auth().oauth2("invalidToken").contentType(ContentType.JSON).body("{}").post(METADATA).then()
                .statusCode(401).contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Unauthorized"))
                .body("detail", equalTo("Wymagane jest uwierzytelnienie."))
                .body("instance", equalTo(METADATA))
                .body("traceId", notNullValue()).body("timestamp", notNullValue());
    }

    @Test
    void anUnservedOperationIs501NamingItInBothFormats() {
        String token = TestTokens.accessToken(RandomIdentifiers.nip());
        given().auth().oauth2(token).contentType(ContentType.JSON).body("{}").post(METADATA).then()
                .statusCode(501).contentType(startsWith("application/json"))
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(501))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Operacja nie jest jeszcze obsługiwana."))
                .body("exception.exceptionDetailList[0].details", contains("Ta instalacja ksef-hub nie obsługuje"
                        + " jeszcze operacji POST /v2/invoices/query/metadata (Pobranie listy metadanych faktur)."));
        given().auth().oauth2(token).header("X-Error-Format", "problem-details").header("X-Forwarded-Prefix", "/api")
                .get("/v2/invoices/exports/20250101-EH-0000000000-0000000000-00").then()
                .statusCode(501).contentType(startsWith("application/problem+json"))
                .body("status", equalTo(501)).body("title", equalTo("Not Implemented"))
                .body("instance", equalTo("/api/v2/invoices/exports/20250101-EH-0000000000-0000000000-00"))
                .body("errors[0].code", equalTo(501));
    }

    @Test
    void aPathTheSpecDoesNotHaveStays404AndAServedOneIsUntouched() {
        String token = TestTokens.accessToken(RandomIdentifiers.nip());
        given().auth().oauth2(token).get("/v2/permissions/nothing-of-the-spec").then().statusCode(404);
        given().auth().oauth2(token).get("/v2/rate-limits").then().statusCode(200);
        given().header("X-Forwarded-Prefix", "/api").get("/v2/rate-limits").then().statusCode(401)
                .body("instance", equalTo("/api/v2/rate-limits"));
    }
}

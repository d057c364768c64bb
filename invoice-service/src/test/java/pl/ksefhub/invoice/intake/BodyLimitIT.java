package pl.ksefhub.invoice.intake;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;

/** A body over quarkus.http.limits.max-body-size (5 MB here) is 413 with a KSeF error body, in both formats. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class BodyLimitIT {

    private static final byte[] SIX_MB = new byte[6 * 1024 * 1024];

    @Test
    void anOversizedBodyIs413WithAKsefBody() {
        given().auth().oauth2(TestTokens.accessToken("5265877635")).contentType("application/json").body(SIX_MB)
                .post("/v2/sessions/online/20261203-SO-0000000000-0000000000-00/invoices").then()
                .statusCode(413).contentType(startsWith("application/json"))
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(413))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Przekroczono dopuszczalny rozmiar żądania."));
        given().header("X-Error-Format", "problem-details").header("X-Forwarded-Prefix", "/api")
                .contentType("application/json").body(SIX_MB)
                .post("/v2/sessions/online/20261203-SO-0000000000-0000000000-00/invoices").then()
                .statusCode(413).contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Payload Too Large"))
                .body("instance", equalTo("/api/v2/sessions/online/20261203-SO-0000000000-0000000000-00/invoices"));
    }
}

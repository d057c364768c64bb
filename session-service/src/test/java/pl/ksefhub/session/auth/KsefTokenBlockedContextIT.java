package pl.ksefhub.session.auth;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;

/** A KSeF token of a context blocked through {@code /testdata/context/block} ends in status 480 until unblocked. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class KsefTokenBlockedContextIT {

    @Inject
    DataSource dataSource;

    @Test
    void aValidKsefTokenOfABlockedContextEndsIn480AndLogsInAgainOnceUnblocked() throws Exception {
        String nip = AuthTestData.randomNip();
        KsefTokens.GeneratedToken token = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active);
        Map<String, Object> context = Map.of("contextIdentifier", Map.of("type", "Nip", "value", nip));
        given().contentType("application/json").body(context).post("/v2/testdata/context/block").then()
                .statusCode(200);

        Map<String, Object> started = AuthClient.start(nip, token.token());
        AuthClient.status((String) started.get("referenceNumber"), AuthClient.authenticationToken(started))
                .statusCode(200)
                .body("status.code", equalTo(480))
                .body("status.description", equalTo("Uwierzytelnienie zablokowane"))
                .body("status.details", contains("Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z"
                        + " Ministerstwem Finansów przez formularz zgłoszeniowy."));
        AuthClient.redeem(AuthClient.authenticationToken(started), false).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21301))
                .body("exception.exceptionDetailList[0].details",
                        contains("Status uwierzytelniania (480) nie pozwala na pobranie tokenów."));

        given().contentType("application/json").body(context).post("/v2/testdata/context/unblock").then()
                .statusCode(200);
        AuthClient.login(nip, token.token());
    }
}

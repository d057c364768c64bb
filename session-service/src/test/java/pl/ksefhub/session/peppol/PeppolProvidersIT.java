package pl.ksefhub.session.peppol;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;

import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Peppol service provider signs in with its seal in its Peppol id's context, and is registered by that first
 * authentication: {@code GET /peppol/query} lists it, newest first, with the spec's paging.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class PeppolProvidersIT {

    @Inject
    AccessTokenVerifier verifier;

    private static String peppolId() {
        return "PPL" + String.format("%06d", ThreadLocalRandom.current().nextInt(1_000_000));
    }

    @Test
    void aProviderIsRegisteredByItsFirstAuthenticationAndListedNewestFirst() {
        String first = peppolId();
        String second = peppolId();
        XadesTestSigner.Signer firstSeal = XadesTestSigner.peppolSeal(first, KeyKind.RSA_2048);
        TestDataClient.Login login = TestDataClient.xadesLogin(firstSeal, "PeppolId", first, "certificateSubject");
        assertEquals(200, login.statusCode());
        assertEquals("PeppolId", verifier.verify(login.accessToken()).contextType());
        assertEquals(first, verifier.verify(login.accessToken()).contextValue());
        assertEquals(200, TestDataClient.xadesLogin(XadesTestSigner.peppolSeal(second, KeyKind.EC_P256), "PeppolId",
                second, "certificateSubject").statusCode());
        // Signing in again registers nothing twice.
        assertEquals(200, TestDataClient.xadesLogin(firstSeal, "PeppolId", first, "certificateSubject").statusCode());

        List<String> newest = given().queryParam("pageSize", 100).get("/v2/peppol/query").then().statusCode(200)
                .body("peppolProviders[0].dateCreated", notNullValue())
                .extract().path("peppolProviders.id");
        assertTrue(newest.indexOf(second) < newest.indexOf(first) && newest.indexOf(second) >= 0, newest.toString());
        assertEquals(1, newest.stream().filter(first::equals).count());
        given().queryParam("pageSize", 100).get("/v2/peppol/query").then()
                .body("peppolProviders.find { it.id == '%s' }.name".formatted(first), equalTo("Dostawca Peppol " + first));
    }

    @Test
    void pagesHaveTheSpecsBoundsAndSayWhetherMoreFollow() {
        for (int i = 0; i < 11; i++) {
            String id = peppolId();
            TestDataClient.xadesLogin(XadesTestSigner.peppolSeal(id, KeyKind.EC_P256), "PeppolId", id,
                    "certificateSubject");
        }
        given().get("/v2/peppol/query").then().statusCode(200)
                .body("peppolProviders", hasSize(10)).body("hasMore", equalTo(true));
        given().header("X-Error-Format", "problem-details").queryParam("pageSize", 5).get("/v2/peppol/query").then()
                .statusCode(400).body("errors[0].code", equalTo(21405))
                .body("errors[0].details", contains("'pageSize' must be between 10 and 100. You entered 5."));
        given().queryParam("pageOffset", -1).get("/v2/peppol/query").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
        given().queryParam("pageOffset", 100000).get("/v2/peppol/query").then().statusCode(200)
                .body("peppolProviders", hasSize(0)).body("hasMore", equalTo(false));
    }
}

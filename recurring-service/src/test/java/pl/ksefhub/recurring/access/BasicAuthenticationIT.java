package pl.ksefhub.recurring.access;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import pl.ksefhub.recurring.support.Fixtures;
import pl.ksefhub.recurring.support.GreenMailResource;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.Duration;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static pl.ksefhub.recurring.support.Fixtures.basic;
import static pl.ksefhub.recurring.support.Fixtures.randomNip;

/**
 * HTTP Basic with the context NIP and a KSeF token, as the seed's {@code curl --user login:haslo}: tokens are known
 * from session-service's {@code token.activated} / {@code token.revoked} events.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
@QuarkusTestResource(GreenMailResource.class)
class BasicAuthenticationIT {

    private static void awaitAccepted(String nip, String token) {
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> basic(nip, token).body("{}")
                .post("/api/recurring-documents/find").then().statusCode(200).body("success", equalTo(true)));
    }

    @Test
    void theSeedsCurlUserExampleAddsADocumentWithTheNipAndAnActiveKsefToken() {
        String nip = randomNip();
        String token = Fixtures.activatedKsefToken(nip);
        awaitAccepted(nip, token);
        long sale = Fixtures.saleDocument(nip, "FAS 2/08/2022");
        long id = basic(nip, token).body("{\"name\": \"Test\",\"idSaleDocument\": " + sale + "}")
                .post("/api/recurring-documents/add").then().statusCode(200)
                .body("success", equalTo(true))
                .body("response.name", equalTo("CYKLICZNA - Test"))
                .extract().jsonPath().getLong("response.id");
        // curl -POST without -d is a GET: the seed's get and delete examples.
        basic(nip, token).get("/api/recurring-documents/get/" + id).then()
                .body("success", equalTo(true)).body("response.id", equalTo((int) id));
        basic(nip, token).get("/api/recurring-documents/delete/" + id).then()
                .body("success", equalTo(true)).body("response", equalTo("Usunięto dokument"));
    }

    @Test
    void aKsefTokenWorksOnlyWithTheNipOfItsContext() {
        String nip = randomNip();
        String token = Fixtures.activatedKsefToken(nip);
        awaitAccepted(nip, token);
        basic(randomNip(), token).body("{}").post("/api/recurring-documents/find").then().statusCode(401);
        basic(nip, token + "x").body("{}").post("/api/recurring-documents/find").then().statusCode(401);
    }

    @Test
    void aRevokedKsefTokenIsNoLongerAccepted() {
        String nip = randomNip();
        String token = Fixtures.activatedKsefToken(nip);
        awaitAccepted(nip, token);
        String reference = token.substring(0, token.indexOf('|'));
        KafkaProbe.publish("ksef.session.events", reference, "ksef.token.revoked.v1",
                Fixtures.json(Map.of("referenceNumber", reference, "revokedAt", "2026-11-24T11:00:00Z")));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> basic(nip, token).body("{}")
                .post("/api/recurring-documents/find").then().statusCode(401));
    }

    @Test
    void aKsefTokenWithoutInvoicePermissionsAnswers403() {
        String nip = randomNip();
        String token = Fixtures.activatedKsefToken(nip, "CredentialsRead");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> basic(nip, token).body("{}")
                .post("/api/recurring-documents/find").then().statusCode(403)
                .body("reasonCode", equalTo("missing-permissions")));
        String reader = Fixtures.activatedKsefToken(nip, "InvoiceRead");
        awaitAccepted(nip, reader);
        basic(nip, reader).body("{\"name\": \"Test\",\"idSaleDocument\": 1}").post("/api/recurring-documents/add")
                .then().statusCode(403);
    }

    @Test
    void aMalformedTokenEventGoesToTheDeadLetterTopic() {
        String reference = "20261124-EC-" + randomNip() + "-0000000000-00";
        KafkaProbe.publish("ksef.session.events", reference, "ksef.token.activated.v1",
                "{\"referenceNumber\": \"" + reference + "\", \"tokenSha256\": \"not-hex\"}");
        await().atMost(Duration.ofSeconds(30)).until(() -> !KafkaProbe.records("ksef.session.events.dlq", reference,
                r -> true, 1, Duration.ofSeconds(2)).isEmpty());
        given().header("Authorization", "Basic").get("/api/recurring-documents/init").then().statusCode(401);
    }
}

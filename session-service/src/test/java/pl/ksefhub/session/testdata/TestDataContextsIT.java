package pl.ksefhub.session.testdata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.testdata.TestDataClient.assertValidation;
import static pl.ksefhub.session.testdata.TestDataClient.post;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;
import static pl.ksefhub.session.testdata.TestDataClient.xadesLogin;

/** {@code /testdata/attachment[/revoke]} and {@code /testdata/context/block|unblock}, and what they change. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class TestDataContextsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformKeys keys;

    /** dane-testowe-scenariusze.md, scenarios 4 and 5: the consent travels with the session to invoice-service. */
    @Test
    void sessionsAnnounceTheAttachmentConsentOfTheirContext() throws Exception {
        String nip = randomNip();
        String token = TestTokens.accessToken(nip);
        assertFalse(openedEvent(token).get("attachmentsAllowed").asBoolean());

        post("attachment", Map.of("nip", nip)).statusCode(200).body(emptyString());
        assertTrue(openedEvent(token).get("attachmentsAllowed").asBoolean());

        LocalDate tomorrow = LocalDate.now(ZoneId.of("Europe/Warsaw")).plusDays(1);
        post("attachment/revoke", Map.of("nip", nip, "expectedEndDate", tomorrow.toString())).statusCode(200);
        assertTrue(openedEvent(token).get("attachmentsAllowed").asBoolean(), "the consent lasts until that day");

        post("attachment/revoke", Map.of("nip", nip)).statusCode(200).body(emptyString());
        assertFalse(openedEvent(token).get("attachmentsAllowed").asBoolean());
    }

    @Test
    void attachmentRequestsAreValidatedAsTheSpecSays() {
        assertValidation(post("attachment", Map.of()), "'nip' must not be empty.");
        assertValidation(post("attachment", Map.of("nip", "123")), "'nip' is not in the correct format.");
        assertValidation(post("attachment/revoke", Map.of("nip", randomNip(), "expectedEndDate", "jutro")),
                "'expectedEndDate' has an invalid value: 'jutro'.");
    }

    /** The spec: "Uwierzytelnianie zakończy się błędem 480"; tokens issued before cannot open sessions either. */
    @Test
    void aBlockedContextCannotAuthenticateNorOpenSessionsUntilUnblocked() {
        String nip = randomNip();
        String issuedBefore = TestTokens.accessToken(nip);
        XadesTestSigner.Signer seal = XadesTestSigner.seal(nip, KeyKind.EC_P256);
        post("context/block", Map.of("contextIdentifier", Map.of("type", "Nip", "value", nip))).statusCode(200)
                .body(emptyString());

        TestDataClient.xadesStatus(seal, nip)
                .body("status.code", equalTo(480))
                .body("status.description", equalTo("Uwierzytelnienie zablokowane"))
                .body("status.details", contains("Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z"
                        + " Ministerstwem Finansów przez formularz zgłoszeniowy."));
        TestDataClient.openOnlineSession(issuedBefore, keys).statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Forbidden"))
                .body("reasonCode", equalTo("security-service-blocked"))
                .body("detail", equalTo("Żądanie zostało zablokowane przez mechanizmy bezpieczeństwa."))
                .body("security.incidentId", matchesPattern("[0-9a-f]{32}"))
                .body("security.clientIp", matchesPattern("[0-9a-f.:]+"));
        // Another context of the same NIP is not blocked.
        assertEquals(200, xadesLogin(seal, "InternalId", nip + "-00001", "certificateSubject").statusCode());

        post("context/unblock", Map.of("contextIdentifier", Map.of("type", "nip", "value", nip))).statusCode(200)
                .body(emptyString());
        TestDataClient.Login login = xadesLogin(seal, nip);
        assertEquals(200, login.statusCode());
        TestDataClient.openOnlineSession(login.accessToken(), keys).statusCode(201);
        TestDataClient.openOnlineSession(issuedBefore, keys).statusCode(201);
    }

    @Test
    void withoutAContextIdentifierTheCallersContextIsBlocked() {
        String nip = randomNip();
        String token = TestTokens.accessToken(nip);
        given().auth().oauth2(token).contentType("application/json").body(Map.of())
                .post("/v2/testdata/context/block").then().statusCode(200);
        TestDataClient.openOnlineSession(token, keys).statusCode(403);
        given().auth().oauth2(token).contentType("application/json").body("{\"contextIdentifier\": null}")
                .post("/v2/testdata/context/unblock").then().statusCode(200);
        TestDataClient.openOnlineSession(token, keys).statusCode(201);

        assertValidation(post("context/block", Map.of()), "'contextIdentifier' must not be empty.");
        given().auth().oauth2("not-a-token").contentType("application/json").body(Map.of())
                .post("/v2/testdata/context/block").then().statusCode(401);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void blockRequestsAreValidatedAsTheSpecSays(boolean problemDetails) {
        var response = post("context/block", Map.of("contextIdentifier", Map.of("type", "Pesel",
                "value", "80010112345")), problemDetails).statusCode(400);
        String detail = "'contextIdentifier.type' has a range of values which does not include 'Pesel'.";
        if (problemDetails) {
            response.body("errors[0].code", equalTo(21405)).body("errors[0].details", contains(detail));
        } else {
            response.body("exception.exceptionDetailList[0].details", contains(detail));
        }
        assertValidation(post("context/unblock", Map.of("contextIdentifier", Map.of("type", "InternalId",
                "value", randomNip()))), "'contextIdentifier.value' is not in the correct format.");
        assertValidation(post("context/block", Map.of("contextIdentifier", Map.of("type", "Nip"))),
                "'contextIdentifier.value' must not be empty.");
    }

    private JsonNode openedEvent(String accessToken) throws Exception {
        String reference = TestDataClient.openOnlineSession(accessToken, keys).statusCode(201).extract()
                .path("referenceNumber");
        List<ConsumerRecord<String, String>> opened = KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.opened.v1", 1, Duration.ofSeconds(15));
        assertEquals(1, opened.size());
        return JSON.readTree(opened.get(0).value());
    }
}

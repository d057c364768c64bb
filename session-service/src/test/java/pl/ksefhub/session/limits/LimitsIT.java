package pl.ksefhub.session.limits;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.session.testdata.TestDataClient.assertValidation;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;
import static pl.ksefhub.session.testdata.TestDataClient.randomPesel;

/** {@code GET /limits/context|subject} and {@code /testdata/limits/**} (limity/limity.md). */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class LimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformKeys keys;

    @Test
    void contextLimitsAreTheDefaultsUntilChangedAndAgainAfterAReset() {
        String token = TestTokens.accessToken(randomNip());
        assertContextLimits(token, 1, 3, 10000, 1, 3, 10000);

        setContextLimits(token, session(4, 5, 6), session(2, 10, 100000)).statusCode(200).body(emptyString());
        assertContextLimits(token, 4, 5, 6, 2, 10, 100000);
        assertContextLimits(TestTokens.accessToken(randomNip()), 1, 3, 10000, 1, 3, 10000);

        given().auth().oauth2(token).delete("/v2/testdata/limits/context/session").then().statusCode(200)
                .body(emptyString());
        assertContextLimits(token, 1, 3, 10000, 1, 3, 10000);
    }

    /** invoice-service enforces what session.opened announces; a limit of 2 refuses the third invoice there. */
    @Test
    void anOnlineSessionTakesItsContextsLimitsInForceWhenItOpens() throws Exception {
        String token = TestTokens.accessToken(randomNip());
        JsonNode defaults = openedEvent(token);
        assertEquals(10000, defaults.get("invoiceLimit").asInt());
        assertEquals(1_000_000, defaults.get("maxInvoiceSize").asLong());
        assertEquals(3_000_000, defaults.get("maxInvoiceWithAttachmentSize").asLong());

        setContextLimits(token, session(2, 4, 2), session(1, 3, 10000)).statusCode(200);
        JsonNode limited = openedEvent(token);
        assertEquals(2, limited.get("invoiceLimit").asInt());
        assertEquals(2_000_000, limited.get("maxInvoiceSize").asLong());
        assertEquals(4_000_000, limited.get("maxInvoiceWithAttachmentSize").asLong());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void sessionLimitsAreValidatedAsTheSpecSays(boolean problemDetails) {
        String token = TestTokens.accessToken(randomNip());
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("onlineSession", session(6, 11, 100001));
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(body);
        if (problemDetails) {
            request = request.header("X-Error-Format", "problem-details");
        }
        var response = request.post("/v2/testdata/limits/context/session").then().statusCode(400);
        List<String> details = List.of(
                "'onlineSession.maxInvoiceSizeInMB' must be between 0 and 5. You entered 6.",
                "'onlineSession.maxInvoiceWithAttachmentSizeInMB' must be between 0 and 10. You entered 11.",
                "'onlineSession.maxInvoices' must be between 0 and 100000. You entered 100001.",
                "'batchSession' must not be empty.");
        if (problemDetails) {
            response.contentType(startsWith("application/problem+json"))
                    .body("errors[0].code", equalTo(21405))
                    .body("errors[0].details", containsInAnyOrder(details.toArray()));
        } else {
            response.body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                    .body("exception.exceptionDetailList[0].details", containsInAnyOrder(details.toArray()));
        }
        Map<String, Object> missing = new LinkedHashMap<>();
        missing.put("maxInvoices", 5);
        assertValidation(setContextLimits(token, missing, session(1, 1, 1)),
                "'onlineSession.maxInvoiceSizeInMB' must not be empty.");
        assertContextLimits(token, 1, 3, 10000, 1, 3, 10000);
    }

    @Test
    void limitsNeedAnAccessToken() {
        for (String path : List.of("/v2/limits/context", "/v2/limits/subject")) {
            given().get(path).then().statusCode(401).contentType(startsWith("application/problem+json"))
                    .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
        }
        given().contentType(ContentType.JSON).body(Map.of("onlineSession", session(1, 1, 1), "batchSession",
                session(1, 1, 1))).post("/v2/testdata/limits/context/session").then().statusCode(401);
        given().delete("/v2/testdata/limits/subject/certificate").then().statusCode(401);
    }

    @Test
    void subjectLimitsAreThoseOfTheSubjectsIdentifierUntilChanged() {
        String nip = randomNip();
        String token = TestTokens.accessToken(nip);
        assertSubjectLimits(token, 300, 100);

        setSubjectLimits(token, Map.of("subjectIdentifierType", "Nip", "enrollment", Map.of("maxEnrollments", 15)))
                .statusCode(200).body(emptyString());
        assertSubjectLimits(token, 15, 100);
        setSubjectLimits(token, Map.of("certificate", Map.of("maxCertificates", 7))).statusCode(200);
        assertSubjectLimits(token, 15, 7);
        // The subject is the caller, whichever context its token is for.
        assertSubjectLimits(TestTokens.accessToken(nip), 15, 7);

        given().auth().oauth2(token).delete("/v2/testdata/limits/subject/certificate").then().statusCode(200)
                .body(emptyString());
        assertSubjectLimits(token, 300, 100);

        // A person authenticated by PESEL (owner of its NIP's context, /testdata/person): 12 and 6.
        String personNip = randomNip();
        String pesel = randomPesel();
        TestDataClient.post("person", Map.of("nip", personNip, "pesel", pesel, "isBailiff", false,
                "description", "Osoba JDG")).statusCode(200);
        TestDataClient.Login login = TestDataClient.xadesLogin(XadesTestSigner.person(pesel, KeyKind.EC_P256),
                personNip);
        assertSubjectLimits(login.accessToken(), 12, 6);
    }

    @Test
    void subjectLimitsAreValidatedAsTheSpecSays() {
        String token = TestTokens.accessToken(randomNip());
        assertValidation(setSubjectLimits(token, Map.of("enrollment", Map.of("maxEnrollments", -1))),
                "'enrollment.maxEnrollments' must be greater than or equal to '0'.");
        assertValidation(setSubjectLimits(token, Map.of("subjectIdentifierType", "Regon")),
                "'subjectIdentifierType' has a range of values which does not include 'Regon'.");
        assertSubjectLimits(token, 300, 100);
    }

    private JsonNode openedEvent(String accessToken) throws Exception {
        String reference = TestDataClient.openOnlineSession(accessToken, keys).statusCode(201).extract()
                .path("referenceNumber");
        List<ConsumerRecord<String, String>> opened = KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.opened.v1", 1, Duration.ofSeconds(15));
        assertEquals(1, opened.size());
        return JSON.readTree(opened.get(0).value());
    }

    private static Map<String, Object> session(int size, int withAttachment, int invoices) {
        Map<String, Object> limits = new LinkedHashMap<>();
        limits.put("maxInvoiceSizeInMB", size);
        limits.put("maxInvoiceWithAttachmentSizeInMB", withAttachment);
        limits.put("maxInvoices", invoices);
        return limits;
    }

    private static ValidatableResponse setContextLimits(String token, Map<String, Object> online,
                                                        Map<String, Object> batch) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("onlineSession", online, "batchSession", batch))
                .post("/v2/testdata/limits/context/session").then();
    }

    private static ValidatableResponse setSubjectLimits(String token, Map<String, Object> body) {
        return given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/v2/testdata/limits/subject/certificate").then();
    }

    private static void assertContextLimits(String token, int onlineSize, int onlineWithAttachment,
                                            int onlineInvoices, int batchSize, int batchWithAttachment,
                                            int batchInvoices) {
        given().auth().oauth2(token).get("/v2/limits/context").then().statusCode(200)
                .body("onlineSession.maxInvoiceSizeInMB", equalTo(onlineSize))
                .body("onlineSession.maxInvoiceWithAttachmentSizeInMB", equalTo(onlineWithAttachment))
                .body("onlineSession.maxInvoices", equalTo(onlineInvoices))
                .body("batchSession.maxInvoiceSizeInMB", equalTo(batchSize))
                .body("batchSession.maxInvoiceWithAttachmentSizeInMB", equalTo(batchWithAttachment))
                .body("batchSession.maxInvoices", equalTo(batchInvoices))
                .body("onlineSession.keySet()", containsInAnyOrder("maxInvoiceSizeInMB",
                        "maxInvoiceWithAttachmentSizeInMB", "maxInvoices"));
    }

    private static void assertSubjectLimits(String token, int enrollments, int certificates) {
        given().auth().oauth2(token).get("/v2/limits/subject").then().statusCode(200)
                .body("enrollment.maxEnrollments", equalTo(enrollments))
                .body("certificate.maxCertificates", equalTo(certificates))
                .body("keySet()", contains("enrollment", "certificate"));
    }
}

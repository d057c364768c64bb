package pl.ksefhub.session.terminate;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.SessionKeyWrapping;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.aMapWithSize;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KSeF 1.0's {@code GET /api/online/Session/Terminate} against our sessions (seed 000). */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class SessionTerminateIT {

    private static final String TERMINATE = "/api/online/Session/Terminate";

    @Inject
    PlatformKeys keys;

    @Test
    void terminatingTheOnlyOpenSessionClosesItAsCloseDoesAndNamesIt() {
        String nip = RandomIdentifiers.nip();
        String reference = open(nip);

        OffsetDateTime before = OffsetDateTime.now().minusSeconds(1);
        ValidatableResponse answer = terminate(TestTokens.accessToken(nip)).statusCode(200)
                .contentType(startsWith("application/json"))
                .body("$", aMapWithSize(4))
                .body("processingCode", equalTo(200))
                .body("processingDescription", equalTo("Sesja interaktywna zakończona"))
                .body("referenceNumber", equalTo(reference));
        OffsetDateTime timestamp = OffsetDateTime.parse(answer.extract().path("timestamp"));
        assertTrue(!timestamp.isBefore(before) && !timestamp.isAfter(OffsetDateTime.now().plusSeconds(1)),
                "timestamp " + timestamp);

        // As POST /sessions/online/{ref}/close: 170, session.closed, and once invoice-service settles it (nothing
        // was sent) 440; the session UPO path is the close's own.
        status(nip, reference).body("status.code", equalTo(170));
        assertEquals(1, KafkaProbe.events("ksef.session.events", reference, "ksef.session.closed.v1", 1,
                Duration.ofSeconds(15)).size());
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-settled.v1",
                "{\"referenceNumber\":\"" + reference + "\",\"totalInvoiceCount\":0,\"successfulInvoiceCount\":0,"
                        + "\"failedInvoiceCount\":0}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(440)));

        assertNoOpenSession(terminate(TestTokens.accessToken(nip)), nip);
    }

    @Test
    void withTwoOpenSessionsBothAreClosedAndTheNewestIsNamed() {
        String nip = RandomIdentifiers.nip();
        String older = open(nip);
        String newer = open(nip);
        String otherContext = RandomIdentifiers.nip();
        String untouched = open(otherContext);

        terminate(TestTokens.accessToken(nip)).statusCode(200)
                .body("processingCode", equalTo(200))
                .body("referenceNumber", equalTo(newer));

        status(nip, older).body("status.code", equalTo(170));
        status(nip, newer).body("status.code", equalTo(170));
        status(otherContext, untouched).body("status.code", equalTo(100));
        for (String reference : new String[]{older, newer}) {
            assertEquals(1, KafkaProbe.events("ksef.session.events", reference, "ksef.session.closed.v1", 1,
                    Duration.ofSeconds(15)).size());
        }
    }

    @Test
    void withoutAnOpenSessionItIs400InTheExceptionResponse() {
        String nip = RandomIdentifiers.nip();
        assertNoOpenSession(terminate(TestTokens.accessToken(nip)), nip);

        // A closed session is not open: terminating again finds nothing.
        String reference = open(nip);
        given().auth().oauth2(TestTokens.accessToken(nip)).post("/v2/sessions/online/{ref}/close", reference)
                .then().statusCode(204);
        assertNoOpenSession(terminate(TestTokens.accessToken(nip)), nip);
    }

    @Test
    void withoutAValidSessionTokenItIs401InTheExceptionResponse() {
        String nip = RandomIdentifiers.nip();
        String reference = open(nip);
        assertUnauthorized(given().when().get(TERMINATE).then());
        assertUnauthorized(terminate("not-a-token"));
        assertUnauthorized(terminate(""));
        // A token of another kind, or one sent as the KSeF 2.0 header, is not a session token.
        assertUnauthorized(terminate(TestTokens.token(TokenType.RefreshToken, nip, TestTokens.randomAuthReference())));
        assertUnauthorized(given().auth().oauth2(TestTokens.accessToken(nip)).when().get(TERMINATE).then());
        status(nip, reference).body("status.code", equalTo(100));
    }

    @Test
    void aTokenThatMayNotCloseSessionsIsRefusedAsCloseRefusesIt() {
        String nip = RandomIdentifiers.nip();
        String reference = open(nip);
        terminate(TestTokens.accessToken(nip, "InvoiceRead")).statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("reasonCode", equalTo("missing-permissions"))
                .body("security.requiredAnyOfPermissions", contains("InvoiceWrite", "PefInvoiceWrite",
                        "EnforcementOperations"));
        status(nip, reference).body("status.code", equalTo(100));
    }

    private static void assertNoOpenSession(ValidatableResponse response, String nip) {
        assertExceptionResponse(response.statusCode(400), 21173, "Brak aktywnej sesji interaktywnej.")
                .body("exception.exceptionDetailList[0].details",
                        contains("Kontekst Nip " + nip + " nie ma otwartej sesji interaktywnej."));
    }

    private static void assertUnauthorized(ValidatableResponse response) {
        assertExceptionResponse(response.statusCode(401), 21304, "Brak uwierzytelnienia.")
                .body("exception.exceptionDetailList[0].details",
                        contains("Nagłówek SessionToken nie zawiera ważnego tokena dostępowego."));
    }

    /** The seed's shape: {@code exception} with these six fields, one detail with code and description. */
    private static ValidatableResponse assertExceptionResponse(ValidatableResponse response, int code,
                                                               String description) {
        return response.contentType(startsWith("application/json"))
                .body("$", aMapWithSize(1))
                .body("exception", aMapWithSize(6))
                .body("exception.serviceCtx", equalTo("srvSESSION"))
                .body("exception.serviceName", equalTo("session-service"))
                .body("exception.serviceCode", matchesPattern("00-[0-9a-f]{32}-[0-9a-f]{16}-00"))
                .body("exception.timestamp", matchesPattern("\\d{4}-\\d{2}-\\d{2}T.*"))
                .body("exception", hasKey("referenceNumber"))
                .body("exception.referenceNumber", nullValue())
                .body("exception.exceptionDetailList", hasSize(1))
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(code))
                .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(description));
    }

    private static ValidatableResponse terminate(String sessionToken) {
        return given().header("SessionToken", sessionToken).accept(ContentType.JSON).when().get(TERMINATE).then();
    }

    private static ValidatableResponse status(String nip, String reference) {
        return given().auth().oauth2(TestTokens.accessToken(nip)).get("/v2/sessions/{ref}", reference).then()
                .statusCode(200);
    }

    private String open(String nip) {
        String reference = given().auth().oauth2(TestTokens.accessToken(nip)).contentType(ContentType.JSON)
                .body(Map.of("formCode", Map.of("systemCode", "FA (3)", "schemaVersion", "1-0E", "value", "FA"),
                        "encryption", Map.of("encryptedSymmetricKey", wrappedKey(), "initializationVector", iv(),
                                "publicKeyId", keys.publicKeyId(KeyUsage.SymmetricKeyEncryption))))
                .post("/v2/sessions/online").then().statusCode(201).extract().path("referenceNumber");
        assertEquals(ReferenceNumbers.ONLINE_SESSION, ReferenceNumbers.kindOf(reference));
        return reference;
    }

    private String wrappedKey() {
        return SessionKeyWrapping.wrappedRandomKey(keys);
    }

    private static String iv() {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        return Base64.getEncoder().encodeToString(iv);
    }
}

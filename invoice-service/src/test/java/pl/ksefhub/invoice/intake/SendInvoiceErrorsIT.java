package pl.ksefhub.invoice.intake;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.session.SessionConsumerProgress;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasItems;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The synchronous refusals of POST /v2/sessions/online/{ref}/invoices, in both KSeF error formats. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class SendInvoiceErrorsIT {

    @Inject
    PlatformKeys keys;

    @Inject
    SessionConsumerProgress progress;

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWrongEncryptedSizeIs21402(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, "X"));
        body.put("encryptedInvoiceSize", ((Integer) body.get("encryptedInvoiceSize")) + 16);
        expectError(post(session, body, problemDetails), problemDetails, 21402, "Nieprawidłowy rozmiar pliku.",
                "Długość treści nie zgadza się z rozmiarem pliku.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWrongPlaintextSizeIs21402(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, "X"));
        body.put("invoiceSize", ((Integer) body.get("invoiceSize")) - 1);
        expectError(post(session, body, problemDetails), problemDetails, 21402, "Nieprawidłowy rozmiar pliku.",
                "Długość treści nie zgadza się z rozmiarem pliku.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWrongEncryptedHashIs21403(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, "X"));
        body.put("encryptedInvoiceHash", TestSession.sha256("other".getBytes(StandardCharsets.UTF_8)));
        expectError(post(session, body, problemDetails), problemDetails, 21403, "Nieprawidłowy skrót pliku.",
                "Skrót treści nie zgadza się ze skrótem pliku.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aWrongPlaintextHashIs21403(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, "X"));
        body.put("invoiceHash", TestSession.sha256("other".getBytes(StandardCharsets.UTF_8)));
        expectError(post(session, body, problemDetails), problemDetails, 21403, "Nieprawidłowy skrót pliku.",
                "Skrót treści nie zgadza się ze skrótem pliku.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void missingAndMalformedFieldsAre21405WithEveryProblem(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, "X"));
        body.remove("invoiceHash");
        body.put("invoiceSize", 0);
        body.put("encryptedInvoiceHash", "abc");
        body.put("encryptedInvoiceContent", "not base64!");
        Response response = post(session, body, problemDetails);
        expectError(response, problemDetails, 21405, "Błąd walidacji danych wejściowych.",
                "'invoiceHash' must not be empty.");
        List<String> details = details(response, problemDetails);
        assertTrue(details.containsAll(List.of("'invoiceSize' must be greater than or equal to '1'.",
                "'encryptedInvoiceHash' must be 44 characters in length. You entered 3 characters.",
                "'encryptedInvoiceContent' is not a valid Base64 string.")), details.toString());
    }

    @Test
    void anInvoiceOverOneMegabyteIs21405() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, "X"));
        body.put("invoiceSize", 1_000_001);
        expectError(post(session, body, false), false, 21405, "Błąd walidacji danych wejściowych.",
                "'invoiceSize' must be less than or equal to '1000000'.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void malformedJsonIs21405(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        Response response = given().header("Authorization", "Bearer " + session.token)
                .header("X-Error-Format", problemDetails ? "problem-details" : "legacy")
                .contentType("application/json").body("{\"invoiceSize\": \"many\"")
                .post("/v2/sessions/online/{ref}/invoices", session.referenceNumber);
        response.then().statusCode(400);
        assertTrue(codes(response, problemDetails).contains(21405));
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSessionOfAnotherContextIs21173(boolean problemDetails) {
        TestSession owner = TestSession.fa3(keys).announceAndAwait();
        TestSession stranger = TestSession.fa3(keys);
        Response response = given().header("Authorization", "Bearer " + stranger.token)
                .header("X-Error-Format", problemDetails ? "problem-details" : "legacy")
                .contentType("application/json").body(owner.sendBody(InvoiceSamples.fa3(owner.nip, "X")))
                .post("/v2/sessions/online/{ref}/invoices", owner.referenceNumber);
        expectError(response, problemDetails, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                "Sesja o numerze referencyjnym " + owner.referenceNumber + " nie została odnaleziona.");
    }

    @Test
    void aBatchSessionTakesNoOnlineInvoicesWith21173() {
        Map<String, Object> declared = new java.util.LinkedHashMap<>();
        declared.put("fileSize", 100);
        declared.put("fileHash", TestSession.sha256(new byte[100]));
        declared.put("compressionType", "Zip");
        declared.put("offlineMode", false);
        declared.put("uploadDeadline", OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(20).toString());
        declared.put("parts", List.of(Map.of("ordinalNumber", 1, "fileSize", 112,
                "fileHash", TestSession.sha256(new byte[112]), "uploadTokenHash", "0".repeat(64))));
        TestSession batch = TestSession.fa3(keys).with("sessionType", "batch").with("batch", declared)
                .announceAndAwait();
        expectError(post(batch, batch.sendBody(InvoiceSamples.fa3(batch.nip, "X")), false), false, 21173,
                "Brak sesji o wskazanym numerze referencyjnym.",
                "Sesja o numerze referencyjnym " + batch.referenceNumber + " nie została odnaleziona.");
    }

    @Test
    void aSessionNeverOpenedIs21173AfterTheReadYourWritesWait() {
        // Issued an hour ago: had it been opened, its news would have arrived long since.
        TestSession never = TestSession.fa3WithReference(keys, ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION,
                Clock.offset(Clock.systemUTC(), Duration.ofHours(-1))));
        long start = System.nanoTime();
        Response response = post(never, never.sendBody(InvoiceSamples.fa3(never.nip, "X")), false);
        long waitedMillis = (System.nanoTime() - start) / 1_000_000;
        expectError(response, false, 21173, "Brak sesji o wskazanym numerze referencyjnym.",
                "Sesja o numerze referencyjnym " + never.referenceNumber + " nie została odnaleziona.");
        // %test profile: 10 s read-your-writes wait
        assertTrue(waitedMillis >= 9_000 && waitedMillis < 20_000, "waited " + waitedMillis + " ms");
    }

    @Test
    void aSessionIssuedMinutesAgoIs21173OnceTheSessionConsumersHaveCaughtUp() {
        TestSession.fa3(keys).announceAndAwait();
        await().atMost(Duration.ofSeconds(30)).until(() -> progress.caughtUp().await().indefinitely());
        // Ten minutes ago: past the "moments ago" window; nothing is behind, so the session does not exist.
        TestSession gone = TestSession.fa3WithReference(keys, ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION,
                Clock.offset(Clock.systemUTC(), Duration.ofMinutes(-10))));
        expectError(post(gone, gone.sendBody(InvoiceSamples.fa3(gone.nip, "X")), false), false, 21173,
                "Brak sesji o wskazanym numerze referencyjnym.",
                "Sesja o numerze referencyjnym " + gone.referenceNumber + " nie została odnaleziona.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aSessionIssuedMomentsAgoButNotKnownYetIs503WithRetryAfter(boolean problemDetails) {
        // As after a restart, while the session consumer catches up: session-service issued the number just now.
        TestSession notYet = TestSession.fa3(keys);
        Response response = post(notYet, notYet.sendBody(InvoiceSamples.fa3(notYet.nip, "X")), problemDetails);
        response.then().statusCode(503).header("Retry-After", "2");
        String detail = "Sesja o numerze referencyjnym " + notYet.referenceNumber + " nie jest jeszcze dostępna."
                + " Spróbuj ponownie po 2 sekundach.";
        if (problemDetails) {
            response.then().contentType("application/problem+json").body("status", equalTo(503))
                    .body("errors[0].code", equalTo(503)).body("errors[0].details", hasItem(detail));
        } else {
            response.then().body("exception.exceptionDetailList[0].exceptionCode", equalTo(503))
                    .body("exception.exceptionDetailList[0].details", hasItem(detail));
        }
        // Once its news arrives, the same send is accepted.
        notYet.announceAndAwait();
        post(notYet, notYet.sendBody(InvoiceSamples.fa3(notYet.nip, InvoiceSamples.uniqueNumber())), problemDetails)
                .then().statusCode(202);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aClosedSessionIs21180(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        session.close();
        Map<String, Object> body = session.sendBody(InvoiceSamples.fa3(session.nip, "X"));
        await().atMost(Duration.ofSeconds(30)).until(() -> post(session, body, problemDetails).statusCode() == 400);
        expectError(post(session, body, problemDetails), problemDetails, 21180,
                "Status sesji nie pozwala na wykonanie operacji.", "Status sesji 170 uniemożliwia wysyłkę faktur.");
    }

    @Test
    void aSessionWhoseKeyDidNotUnwrapIs21180With415() {
        TestSession session = TestSession.fa3(keys).with("keyValid", false).announceAndAwait();
        expectError(post(session, session.sendBody(InvoiceSamples.fa3(session.nip, "X")), false), false, 21180,
                "Status sesji nie pozwala na wykonanie operacji.", "Status sesji 415 uniemożliwia wysyłkę faktur.");
    }

    @Test
    void aSessionPastItsValidUntilIs21180() {
        TestSession session = TestSession.fa3(keys)
                .with("validUntil", OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1).toString())
                .announceAndAwait();
        expectError(post(session, session.sendBody(InvoiceSamples.fa3(session.nip, "X")), false), false, 21180,
                "Status sesji nie pozwala na wykonanie operacji.", "Status sesji 170 uniemożliwia wysyłkę faktur.");
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void aFullSessionIs21155(boolean problemDetails) {
        TestSession session = TestSession.fa3(keys).with("invoiceLimit", 2).announceAndAwait();
        session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        expectError(post(session, session.sendBody(InvoiceSamples.fa3(session.nip, "X")), problemDetails),
                problemDetails, 21155, "Przekroczono dozwoloną liczbę faktur w sesji.",
                "Sesja o numerze referencyjnym " + session.referenceNumber
                        + " osiągnęła dozwolony limit liczby faktur 2.");
    }

    @Test
    void withoutATokenIs401ProblemDetails() {
        TestSession session = TestSession.fa3(keys);
        given().contentType("application/json").body(session.sendBody("<x/>"))
                .post("/v2/sessions/online/{ref}/invoices", session.referenceNumber)
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
    }

    @Test
    void withoutAWritePermissionIs403ProblemDetails() {
        TestSession session = TestSession.fa3(keys);
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip, "InvoiceRead"))
                .contentType("application/json").body(session.sendBody("<x/>"))
                .post("/v2/sessions/online/{ref}/invoices", session.referenceNumber)
                .then().statusCode(403).contentType("application/problem+json")
                .body("reasonCode", equalTo("missing-permissions"))
                .body("security.requiredAnyOfPermissions",
                        hasItems("InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"))
                .body("security.presentPermissions", contains("InvoiceRead"));
    }

    @Test
    void pefWritePermissionAloneMaySend() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        given().header("Authorization", "Bearer " + TestTokens.accessToken(session.nip, "PefInvoiceWrite"))
                .contentType("application/json")
                .body(session.sendBody(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())))
                .post("/v2/sessions/online/{ref}/invoices", session.referenceNumber)
                .then().statusCode(202).body("referenceNumber", startsWith(ReferenceNumbers.next("EE")
                        .substring(0, 11)));
    }

    @Test
    void ordinalNumbersFollowTheOrderOfSending() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        String first = session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        String second = session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber()));
        session.status(first).body("ordinalNumber", equalTo(1));
        session.status(second).body("ordinalNumber", equalTo(2));
        given().header("Authorization", "Bearer " + session.token)
                .get("/v2/sessions/{ref}/invoices", session.referenceNumber).then().statusCode(200)
                .body("invoices.referenceNumber", contains(first, second))
                .body("invoices.ordinalNumber", contains(1, 2));
    }

    private static Response post(TestSession session, Map<String, Object> body, boolean problemDetails) {
        return given().header("Authorization", "Bearer " + session.token)
                .header("X-Error-Format", problemDetails ? "problem-details" : "legacy")
                .contentType("application/json").body(body)
                .post("/v2/sessions/online/{ref}/invoices", session.referenceNumber);
    }

    /** Asserts a 400 in the requested format with this code, description and (among its details) detail. */
    static void expectError(Response response, boolean problemDetails, int code, String description, String detail) {
        if (problemDetails) {
            response.then().statusCode(400).contentType("application/problem+json")
                    .body("title", equalTo("Bad Request"))
                    .body("status", equalTo(400))
                    .body("detail", equalTo("Żądanie jest nieprawidłowe."))
                    .body("errors[0].code", equalTo(code))
                    .body("errors[0].description", equalTo(description))
                    .body("errors[0].details", hasItem(detail));
        } else {
            response.then().statusCode(400).contentType(startsWith("application/json"))
                    .body("exception.exceptionDetailList[0].exceptionCode", equalTo(code))
                    .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(description))
                    .body("exception.exceptionDetailList[0].details", hasItem(detail))
                    .body("exception.serviceName", equalTo("invoice-service"));
        }
    }

    private static List<String> details(Response response, boolean problemDetails) {
        return response.path(problemDetails ? "errors[0].details" : "exception.exceptionDetailList[0].details");
    }

    private static List<Integer> codes(Response response, boolean problemDetails) {
        return response.path(problemDetails ? "errors.code" : "exception.exceptionDetailList.exceptionCode");
    }
}

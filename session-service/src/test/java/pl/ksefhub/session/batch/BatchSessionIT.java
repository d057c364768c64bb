package pl.ksefhub.session.batch;

import pl.ksefhub.platform.auth.SecretHashes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.SessionKeyWrapping;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestInfrastructure;
import pl.ksefhub.testsupport.TestTokens;

import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Batch sessions in session-service: the open with the spec's refusals, the part upload URLs, and the close,
 * which depends on what invoice-service reported uploaded (batch.part-uploaded, published here by the test).
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class BatchSessionIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String INVOICE_TOPIC = "ksef.invoice.events";

    @Inject
    PlatformKeys keys;

    @Test
    void openingAnswers201WithOneUploadRequestPerPartAndAnnouncesThePackage() throws Exception {
        String nip = RandomIdentifiers.nip();
        Map<String, Object> body = openRequest(2);
        var opened = open(nip, body).statusCode(201)
                .body("partUploadRequests", hasSize(2))
                .body("partUploadRequests[0].ordinalNumber", equalTo(1))
                .body("partUploadRequests[0].method", equalTo("PUT"))
                .body("partUploadRequests[0].headers.x-ms-blob-type", equalTo("BlockBlob"))
                .extract();
        String reference = opened.path("referenceNumber");
        assertEquals("SB", ReferenceNumbers.kindOf(reference));
        String url = opened.path("partUploadRequests[1].url");
        assertTrue(url.startsWith("http://localhost:8080/v2/sessions/batch/" + reference + "/parts/2?token="), url);

        status(nip, reference).statusCode(200)
                .body("status.code", equalTo(100))
                .body("status.description", equalTo("Sesja wsadowa rozpoczęta"))
                .body("invoiceCount", nullValue())
                .body("upo", nullValue());
        list(nip, "Batch").body("sessions.referenceNumber", hasItem(reference));
        list(nip, "Online").body("sessions.referenceNumber", org.hamcrest.Matchers.not(hasItem(reference)));

        JsonNode event = JSON.readTree(KafkaProbe.events("ksef.session.events", reference, "ksef.session.opened.v1",
                1, Duration.ofSeconds(15)).get(0).value());
        assertEquals("batch", event.get("sessionType").asText());
        assertEquals("Zip", event.at("/batch/compressionType").asText());
        assertEquals(2, event.at("/batch/parts").size());
        String token = url.substring(url.indexOf("token=") + 6);
        assertEquals(SecretHashes.sha256Hex(token), event.at("/batch/parts/1/uploadTokenHash").asText());
        assertTrue(event.toString().indexOf(token) < 0, "the upload secret itself is never published");
        OffsetDateTime openedAt = OffsetDateTime.parse(event.get("openedAt").asText());
        assertEquals(Duration.ofMinutes(40),
                Duration.between(openedAt, OffsetDateTime.parse(event.at("/batch/uploadDeadline").asText())));
    }

    @Test
    void badOpenRequestsAreRefusedWithTheTextsTheOfficialTestsAssert() {
        String nip = RandomIdentifiers.nip();
        error(open(nip, openRequest(51)), 21161, "Przekroczono dozwoloną liczbę części pakietów.",
                "Liczba części pliku musi być mniejsza lub równa niż 50.");
        Map<String, Object> tooLarge = openRequest(1);
        batchFile(tooLarge).put("fileSize", 5_000_000_001L);
        error(open(nip, tooLarge), 21405, "Błąd walidacji danych wejściowych.",
                "'fileSize' must be less than or equal to '5000000000'.");
        Map<String, Object> pef = openRequest(1);
        pef.put("formCode", Map.of("systemCode", "PEF (3)", "schemaVersion", "2-1", "value", "PEF"));
        error(open(nip, pef), 21405, "Błąd walidacji danych wejściowych.", "Wskazany kod formularza nie jest wspierany.");
        Map<String, Object> gap = openRequest(2);
        ((Map<String, Object>) parts(gap).get(1)).put("ordinalNumber", 3);
        open(nip, gap).statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
        Map<String, Object> rar = openRequest(1);
        batchFile(rar).put("compressionType", "Rar");
        open(nip, rar).statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip, "InvoiceRead"))
                .contentType(ContentType.JSON).body(openRequest(1)).post("/v2/sessions/batch")
                .then().statusCode(403).body("security.requiredAnyOfPermissions",
                        contains("InvoiceWrite", "EnforcementOperations"));
    }

    @Test
    void closingNeedsEveryReportedPartAtItsDeclaredSize() throws Exception {
        String nip = RandomIdentifiers.nip();
        Map<String, Object> body = openRequest(2);
        String reference = open(nip, body).statusCode(201).extract().path("referenceNumber");
        reportUpload(reference, body, 1, 0);
        reportUpload(reference, body, 2, 1);
        await().atMost(Duration.ofSeconds(15)).until(() -> close(nip, reference).extract().statusCode() == 400);
        error(close(nip, reference), 21157, "Nieprawidłowy rozmiar części pakietu.",
                "Zadeklarowany rozmiar części '2' nie zgadza się z rzeczywistym.");
        status(nip, reference).body("status.code", equalTo(100));

        reportUpload(reference, body, 2, 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> close(nip, reference).extract().statusCode() != 400);
        status(nip, reference).body("status.code", equalTo(150))
                .body("status.description", equalTo("Trwa przetwarzanie"));
        JsonNode closed = JSON.readTree(KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.closed.v1", 1, Duration.ofSeconds(15)).get(0).value());
        assertEquals("closed", closed.get("reason").asText());
        error(close(nip, reference), 21180, "Status sesji nie pozwala na wykonanie operacji.",
                "Status sesji 150 uniemożliwia jej zamknięcie.");

        // invoice-service's verdict on the package ends the session.
        KafkaProbe.publish(INVOICE_TOPIC, reference, "ksef.batch.package-rejected.v1", JSON.writeValueAsString(
                Map.of("referenceNumber", reference, "status", Map.of("code", 405, "description",
                        "Błąd weryfikacji poprawności dostarczonych elementów paczki", "details",
                        List.of("Skrót SHA-256 części: '1' nie zgadza się z zadeklarowanym skrótem: 'x'.")))));
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(405))
                .body("status.details[0]", startsWith("Skrót SHA-256 części: '1'"))
                .body("invoiceCount", nullValue()));
        list(nip, "Batch", "statuses", "Failed").body("sessions.referenceNumber", hasItem(reference));
    }

    @Test
    void aPartInvoiceServiceSaysItHasNotStoredIs21205WithTheLowestMissingOrdinal() throws Exception {
        String nip = RandomIdentifiers.nip();
        Map<String, Object> body = openRequest(3);
        String reference = open(nip, body).statusCode(201).extract().path("referenceNumber");
        reportUpload(reference, body, 1, 0);
        CompletableFuture<ValidatableResponse> closing = CompletableFuture.supplyAsync(() -> close(nip, reference));
        answerCheck(reference, 1, List.of(2, 3));
        error(closing.get(30, TimeUnit.SECONDS), 21205, "Pakiet nie może być pusty.",
                "Nie przesłano zadeklarowanej '2' części pliku.");
        status(nip, reference).body("status.code", equalTo(100));
    }

    @Test
    void anAnswerThatEveryPartIsStoredClosesThoughTheirReportsAreLate() throws Exception {
        String nip = RandomIdentifiers.nip();
        Map<String, Object> body = openRequest(2);
        String reference = open(nip, body).statusCode(201).extract().path("referenceNumber");
        reportUpload(reference, body, 1, 0);
        CompletableFuture<ValidatableResponse> closing = CompletableFuture.supplyAsync(() -> close(nip, reference));
        answerCheck(reference, 1, List.of());
        closing.get(30, TimeUnit.SECONDS).statusCode(204);
        status(nip, reference).body("status.code", equalTo(150));
    }

    @Test
    void withoutInvoiceServicesAnswerTheCloseIs503WithRetryAfterAndARetryAsksAgain() throws Exception {
        String nip = RandomIdentifiers.nip();
        Map<String, Object> body = openRequest(2);
        String reference = open(nip, body).statusCode(201).extract().path("referenceNumber");
        reportUpload(reference, body, 1, 0);
        // %test profile: 2 s part-arrival wait, 4 s parts-check wait; nobody answers.
        close(nip, reference).statusCode(503).header("Retry-After", equalTo("5"))
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(503));
        status(nip, reference).body("status.code", equalTo(100));
        CompletableFuture<ValidatableResponse> retried = CompletableFuture.supplyAsync(() -> close(nip, reference));
        answerCheck(reference, 2, List.of(2));
        error(retried.get(30, TimeUnit.SECONDS), 21205, "Pakiet nie może być pusty.",
                "Nie przesłano zadeklarowanej '2' części pliku.");
    }

    /** Plays invoice-service: answers the {@code n}-th parts check of the session with these missing parts. */
    private static void answerCheck(String reference, int n, List<Integer> missing) throws Exception {
        JsonNode request = JSON.readTree(KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.batch-parts-check-requested.v1", n, Duration.ofSeconds(20)).get(n - 1).value());
        KafkaProbe.publish(INVOICE_TOPIC, reference, "ksef.batch.parts-checked.v1", JSON.writeValueAsString(Map.of(
                "referenceNumber", reference, "checkId", request.get("checkId").asText(),
                "missingOrdinalNumbers", missing, "checkedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())));
    }

    @Test
    void aSettledPackageShowsAllThreeCountsAndItsUpoMakesIt200() throws Exception {
        String nip = RandomIdentifiers.nip();
        Map<String, Object> body = openRequest(1);
        String reference = open(nip, body).statusCode(201).extract().path("referenceNumber");
        reportUpload(reference, body, 1, 0);
        await().atMost(Duration.ofSeconds(15)).until(() -> close(nip, reference).extract().statusCode() == 204);
        KafkaProbe.publish(INVOICE_TOPIC, reference, "ksef.session.invoices-settled.v1",
                "{\"referenceNumber\":\"" + reference + "\",\"totalInvoiceCount\":3,\"successfulInvoiceCount\":3,"
                        + "\"failedInvoiceCount\":0}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(150)).body("invoiceCount", equalTo(3))
                .body("successfulInvoiceCount", equalTo(3)).body("failedInvoiceCount", equalTo(0)));
        KafkaProbe.publish("ksef.upo.events", reference, "ksef.upo.generated.v1", "{\"referenceNumber\":\""
                + reference + "\",\"scope\":\"session\",\"pages\":[{\"referenceNumber\":\""
                + ReferenceNumbers.next(ReferenceNumbers.UPO) + "\",\"downloadUrl\":\"http://x/u\","
                + "\"downloadUrlExpirationDate\":\"" + OffsetDateTime.now(ZoneOffset.UTC).plusDays(3) + "\"}]}");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(200))
                .body("status.description", equalTo("Sesja wsadowa przetworzona pomyślnie"))
                .body("upo.pages", hasSize(1)));
    }

    @Test
    void aSessionWhosePartsDidNotAllArriveInTheirWindowIsCancelled() throws Exception {
        String nip = RandomIdentifiers.nip();
        Map<String, Object> body = openRequest(1);
        String reference = open(nip, body).statusCode(201).extract().path("referenceNumber");
        try (Connection db = DriverManager.getConnection(TestInfrastructure.database("ksef_session"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword())) {
            db.createStatement().executeUpdate("update ksef_session set upload_deadline = now() - interval '1 second'"
                    + " where reference_number = '" + reference + "'");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(440))
                .body("status.details", contains("Przekroczono czas wysyłki")));
        JsonNode closed = JSON.readTree(KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.closed.v1", 1, Duration.ofSeconds(15)).get(0).value());
        assertEquals("cancelled", closed.get("reason").asText());
        error(close(nip, reference), 21208, "Czas oczekiwania na requesty upload lub finish został przekroczony.",
                "Sesja anulowana, przekroczony czas wysyłki.");
    }

    private static void error(ValidatableResponse response, int code, String description, String detail) {
        response.statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(code))
                .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(description))
                .body("exception.exceptionDetailList[0].details", hasItem(detail));
    }

    /** Publishes what invoice-service says after storing part {@code n} (its size off by {@code sizeError}). */
    private static void reportUpload(String reference, Map<String, Object> body, int n, int sizeError)
            throws Exception {
        Map<?, ?> part = (Map<?, ?>) parts(body).get(n - 1);
        KafkaProbe.publish(INVOICE_TOPIC, reference, "ksef.batch.part-uploaded.v1", JSON.writeValueAsString(Map.of(
                "referenceNumber", reference, "ordinalNumber", n,
                "size", ((Number) part.get("fileSize")).longValue() + sizeError, "hash", part.get("fileHash"),
                "uploadedAt", OffsetDateTime.now(ZoneOffset.UTC).toString())));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> batchFile(Map<String, Object> body) {
        return (Map<String, Object>) body.get("batchFile");
    }

    @SuppressWarnings("unchecked")
    private static List<Object> parts(Map<String, Object> body) {
        return (List<Object>) batchFile(body).get("fileParts");
    }

    private ValidatableResponse open(String nip, Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .contentType(ContentType.JSON).body(body).post("/v2/sessions/batch").then();
    }

    private static ValidatableResponse close(String nip, String reference) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .post("/v2/sessions/batch/{ref}/close", reference).then();
    }

    private static ValidatableResponse status(String nip, String reference) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .get("/v2/sessions/{ref}", reference).then();
    }

    private static ValidatableResponse list(String nip, String type, String... query) {
        var request = given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .queryParam("sessionType", type);
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam(query[i], query[i + 1]);
        }
        return request.get("/v2/sessions").then().statusCode(200);
    }

    private Map<String, Object> openRequest(int partCount) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("formCode", Map.of("systemCode", "FA (2)", "schemaVersion", "1-0E", "value", "FA"));
        List<Object> parts = new ArrayList<>();
        for (int i = 1; i <= partCount; i++) {
            Map<String, Object> part = new LinkedHashMap<>();
            part.put("ordinalNumber", i);
            part.put("fileSize", 1000 + i);
            part.put("fileHash", Base64.getEncoder().encodeToString(sha256(("part " + i).getBytes())));
            parts.add(part);
        }
        Map<String, Object> batchFile = new LinkedHashMap<>();
        batchFile.put("fileSize", 5000);
        batchFile.put("fileHash", Base64.getEncoder().encodeToString(sha256("archive".getBytes())));
        batchFile.put("fileParts", parts);
        body.put("batchFile", batchFile);
        body.put("encryption", Map.of("encryptedSymmetricKey", wrappedKey(), "initializationVector",
                Base64.getEncoder().encodeToString(new byte[16]),
                "publicKeyId", keys.publicKeyId(KeyUsage.SymmetricKeyEncryption)));
        body.put("offlineMode", false);
        return body;
    }

    private String wrappedKey() {
        return SessionKeyWrapping.wrappedRandomKey(keys);
    }

    private static byte[] sha256(byte[] data) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(data);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

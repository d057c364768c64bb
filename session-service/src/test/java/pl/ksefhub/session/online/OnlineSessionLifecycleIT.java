package pl.ksefhub.session.online;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.testsupport.DatabaseOutage;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.SessionKeyWrapping;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestInfrastructure;
import pl.ksefhub.testsupport.TestTokens;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class OnlineSessionLifecycleIT {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    PlatformKeys keys;

    @Inject
    MeterRegistry metrics;

    @Test
    void openingASessionAnswers201AndAnnouncesItWithTheWrappedKey() throws Exception {
        String nip = randomNip();
        Map<String, Object> body = openRequest("FA (3)");
        String reference = open(nip, body).statusCode(201)
                .body("validUntil", notNullValue()).extract().path("referenceNumber");
        assertTrue(ReferenceNumbers.isValid(reference));
        assertEquals("SO", ReferenceNumbers.kindOf(reference));

        status(nip, reference).statusCode(200)
                .body("status.code", equalTo(100))
                .body("status.description", equalTo("Sesja interaktywna otwarta"))
                .body("upo", nullValue())
                .body("invoiceCount", nullValue())
                .body("failedInvoiceCount", nullValue());

        List<ConsumerRecord<String, String>> opened = KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.opened.v1", 1, Duration.ofSeconds(15));
        assertEquals(1, opened.size());
        JsonNode event = JSON.readTree(opened.get(0).value());
        assertEquals(nip, event.at("/context/value").asText());
        assertEquals("Nip", event.at("/context/type").asText());
        assertEquals("FA (3)", event.at("/formCode/systemCode").asText());
        assertTrue(event.get("keyValid").asBoolean());
        assertEquals(((Map<?, ?>) body.get("encryption")).get("encryptedSymmetricKey"),
                event.get("encryptedSymmetricKey").asText());
        assertEquals(10000, event.get("invoiceLimit").asInt());
        assertEquals("/session-service", KafkaProbe.header(opened.get(0), "ce_source"));
        OffsetDateTime validUntil = OffsetDateTime.parse(event.get("validUntil").asText());
        OffsetDateTime openedAt = OffsetDateTime.parse(event.get("openedAt").asText());
        assertEquals(Duration.ofHours(12), Duration.between(openedAt, validUntil));
    }

    @Test
    void theSpecsOtherFormCodesOpenSessionsAndTheirEventCarriesThem() throws Exception {
        String nip = randomNip();
        for (String[] code : new String[][]{{"FA_RR (1)", "1-1E", "FA_RR"}, {"PEF (3)", "2-1", "PEF"},
                {"PEF_KOR (3)", "2-1", "PEF"}}) {
            String reference = open(nip, openRequest(code[0], code[1], code[2])).statusCode(201)
                    .extract().path("referenceNumber");
            List<ConsumerRecord<String, String>> opened = KafkaProbe.events("ksef.session.events", reference,
                    "ksef.session.opened.v1", 1, Duration.ofSeconds(15));
            JsonNode formCode = JSON.readTree(opened.get(0).value()).get("formCode");
            assertEquals(code[0], formCode.get("systemCode").asText());
            assertEquals(code[1], formCode.get("schemaVersion").asText());
            assertEquals(code[2], formCode.get("value").asText());
        }
    }

    @Test
    void aFormCodeTripleOffTheSpecsListIsRefusedWith21405() {
        String nip = randomNip();
        // Each part of a valid triple wrong once: the retired FA_RR 1-0E, the former value RR, PEF with FA.
        for (String[] code : new String[][]{{"FA_RR (1)", "1-0E", "FA_RR"}, {"FA_RR (1)", "1-1E", "RR"},
                {"PEF (3)", "2-1", "FA"}, {"FA_PEF (3)", "2-1", "PEF"}}) {
            open(nip, openRequest(code[0], code[1], code[2])).statusCode(400)
                    .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                    .body("exception.exceptionDetailList[0].details",
                            hasItem("Wskazany kod formularza nie jest wspierany."));
        }
    }

    @Test
    void aKeyThatDoesNotUnwrapOpensTheSessionIn415() {
        String nip = randomNip();
        Map<String, Object> body = Map.of("formCode", formCode("FA (2)"), "encryption", Map.of(
                "encryptedSymmetricKey", Base64.getEncoder().encodeToString(new byte[256]),
                "initializationVector", Base64.getEncoder().encodeToString(new byte[16])));
        String reference = open(nip, body).statusCode(201).extract().path("referenceNumber");
        status(nip, reference).statusCode(200)
                .body("status.code", equalTo(415))
                .body("status.description", equalTo("Błąd odszyfrowania dostarczonego klucza"))
                .body("status.details", contains("Rozszyfrowania klucza symetrycznego zakończone błędem"));
    }

    @Test
    void badOpenRequestsAreRefusedWithTheSpecCodes() {
        String nip = randomNip();
        open(nip, openRequest("PEF (9)")).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].details", hasItem("Wskazany kod formularza nie jest wspierany."));
        Map<String, Object> badIv = Map.of("formCode", formCode("FA (3)"), "encryption",
                Map.of("encryptedSymmetricKey", wrappedKey(), "initializationVector", "not base64!"));
        open(nip, badIv).statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
        Map<String, Object> unknownKey = Map.of("formCode", formCode("FA (3)"), "encryption",
                Map.of("encryptedSymmetricKey", wrappedKey(), "initializationVector", iv(),
                        "publicKeyId", Base64.getEncoder().encodeToString(new byte[32])));
        open(nip, unknownKey).statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21470));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .header("X-Error-Format", "problem-details")
                .contentType(ContentType.JSON).body("{\"formCode\": ")
                .post("/v2/sessions/online").then().statusCode(400)
                .contentType("application/problem+json")
                .body("detail", equalTo("Żądanie jest nieprawidłowe."))
                .body("errors[0].code", equalTo(21405));
    }

    @Test
    void openingNeedsAnAccessTokenWithWritePermission() {
        given().contentType(ContentType.JSON).body(openRequest("FA (3)")).post("/v2/sessions/online")
                .then().statusCode(401).contentType("application/problem+json")
                .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(randomNip(), "InvoiceRead"))
                .contentType(ContentType.JSON).body(openRequest("FA (3)")).post("/v2/sessions/online")
                .then().statusCode(403).contentType("application/problem+json")
                .body("reasonCode", equalTo("missing-permissions"))
                .body("detail", equalTo("Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście."))
                .body("security.requiredAnyOfPermissions", contains("InvoiceWrite", "PefInvoiceWrite",
                        "EnforcementOperations"))
                .body("security.presentPermissions", contains("InvoiceRead"));
    }

    @Test
    void closingMovesTheSessionTo170OnceAndAnnouncesIt() {
        String nip = randomNip();
        String reference = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        close(nip, reference).statusCode(204);
        status(nip, reference).statusCode(200).body("status.code", equalTo(170))
                .body("status.description", equalTo("Sesja interaktywna zamknięta"));
        assertEquals(1, KafkaProbe.events("ksef.session.events", reference, "ksef.session.closed.v1", 1,
                Duration.ofSeconds(15)).size());

        close(nip, reference).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21180))
                .body("exception.exceptionDetailList[0].details[0]",
                        equalTo("Status sesji 170 uniemożliwia jej zamknięcie."));
        close(randomNip(), reference).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
        String unknown = ReferenceNumbers.next("SO");
        close(nip, unknown).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173))
                .body("exception.exceptionDetailList[0].details[0]",
                        equalTo("Sesja o numerze referencyjnym " + unknown + " nie została odnaleziona."));
        status(nip, unknown).statusCode(400)
                .body("exception.exceptionDetailList[0].details[0]",
                        equalTo("Sesja o numerze referencyjnym " + unknown + " nie została znaleziona."));
    }

    @Test
    void invoiceEventsCountOnceAndTheSessionUpoMakesItProcessed() {
        String nip = randomNip();
        String reference = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        String received = "{\"referenceNumber\":\"" + reference + "\"}";
        String receivedId = KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.received.v1", received);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.received.v1", received, receivedId);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.received.v1", received);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.accepted.v1", received);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.rejected.v1", received);
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("invoiceCount", equalTo(2))
                .body("successfulInvoiceCount", equalTo(1))
                .body("failedInvoiceCount", equalTo(1)));

        close(nip, reference).statusCode(204);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-settled.v1",
                settled(reference, 2, 1, 1));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(settledInDatabase(reference)));
        status(nip, reference).body("status.code", equalTo(170)).body("upo", nullValue());

        String page = ReferenceNumbers.next("EU");
        KafkaProbe.publish("ksef.upo.events", reference, "ksef.upo.generated.v1", "{\"referenceNumber\":\""
                + reference + "\",\"scope\":\"session\",\"pages\":[{\"referenceNumber\":\"" + page
                + "\",\"downloadUrl\":\"http://localhost:8080/storage/upo/" + page
                + "\",\"downloadUrlExpirationDate\":\"2030-01-01T00:00:00Z\"}]}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(200))
                .body("status.description", equalTo("Sesja interaktywna przetworzona pomyślnie"))
                .body("upo.pages", hasSize(1))
                .body("upo.pages[0].referenceNumber", equalTo(page))
                .body("upo.pages[0].downloadUrl", equalTo("http://localhost:8080/storage/upo/" + page)));
    }

    @Test
    void aSessionUpoMetByADatabaseOutageIsAppliedOnceTheDatabaseIsBackAndOnlyOnce() throws Exception {
        String nip = randomNip();
        String reference = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        close(nip, reference).statusCode(204);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-settled.v1",
                settled(reference, 1, 1, 0));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertTrue(settledInDatabase(reference)));

        String page = ReferenceNumbers.next("EU");
        String upo = sessionUpo(reference, page);
        double waitsBefore = waits("session-service.upo-events");
        String eventId;
        try (DatabaseOutage outage = DatabaseOutage.of("ksef_session")) {
            eventId = KafkaProbe.publish("ksef.upo.events", reference, "ksef.upo.generated.v1", upo);
            // The consumer met the outage (and waits), rather than dead-letter the record or skip it.
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> waits("session-service.upo-events") > waitsBefore);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> status(nip, reference)
                .body("status.code", equalTo(200))
                .body("upo.pages[0].referenceNumber", equalTo(page)));

        // Redelivered (same ce_id) with other content: applied once, the first one stays.
        KafkaProbe.publish("ksef.upo.events", reference, "ksef.upo.generated.v1",
                sessionUpo(reference, ReferenceNumbers.next("EU")), eventId);
        // Then an invalid one on the same partition: once it is dead-lettered, the redelivery was consumed before.
        String invalid = KafkaProbe.publish("ksef.upo.events", reference, "ksef.upo.generated.v1",
                "{\"scope\":\"session\",\"pages\":[]}");
        List<ConsumerRecord<String, String>> dead = KafkaProbe.records("ksef.upo.events.dlq", reference,
                r -> true, 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size(), "only the invalid record is dead-lettered");
        assertEquals(invalid, KafkaProbe.header(dead.get(0), "ce_id"));
        assertEquals("no referenceNumber", KafkaProbe.header(dead.get(0), "dead-letter-reason"));
        assertTrue(processedInDatabase("session-service.upo-events", eventId));
        status(nip, reference).body("upo.pages", hasSize(1)).body("upo.pages[0].referenceNumber", equalTo(page));
    }

    @Test
    void aMalformedInvoiceEventGoesToTheDeadLetterTopicAndTheNextOneIsStillCounted() {
        String nip = randomNip();
        String reference = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        KafkaProbe.publishRaw("ksef.invoice.events", reference, "this is not an event");
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.received.v1", "{\"no\":\"reference\"}");
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.received.v1",
                "{\"referenceNumber\":\"" + reference + "\"}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> status(nip, reference)
                .body("invoiceCount", equalTo(1)));
        List<ConsumerRecord<String, String>> dead = KafkaProbe.records("ksef.invoice.events.dlq", reference,
                r -> true, 2, Duration.ofSeconds(20));
        assertEquals(2, dead.size());
        assertTrue(KafkaProbe.header(dead.get(0), "dead-letter-reason") != null);
    }

    @Test
    void aClosedSessionWithoutInvoicesIsCancelledAndOneWithoutValidInvoicesFails() {
        String nip = randomNip();
        String empty = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        String allBad = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        close(nip, empty).statusCode(204);
        close(nip, allBad).statusCode(204);
        KafkaProbe.publish("ksef.invoice.events", empty, "ksef.session.invoices-settled.v1", settled(empty, 0, 0, 0));
        KafkaProbe.publish("ksef.invoice.events", allBad, "ksef.session.invoices-settled.v1",
                settled(allBad, 3, 0, 3));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            status(nip, empty).body("status.code", equalTo(440))
                    .body("status.description", equalTo("Sesja anulowana"))
                    .body("status.details", contains("Nie przesłano faktur"));
            status(nip, allBad).body("status.code", equalTo(445))
                    .body("status.description", equalTo("Błąd weryfikacji, brak poprawnych faktur"))
                    .body("failedInvoiceCount", equalTo(3));
        });
    }

    /**
     * KSeF answers 440 to the first status query after the close of an empty session returned: the close waits for
     * invoice-service's settlement (published here by the test while the close waits).
     */
    @Test
    void theCloseOfAnEmptySessionAnswersOnceItIsCancelled() throws Exception {
        String nip = randomNip();
        String empty = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        CompletableFuture<Integer> closing = CompletableFuture.supplyAsync(() -> close(nip, empty).extract()
                .statusCode());
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10))
                .untilAsserted(() -> status(nip, empty).body("status.code", equalTo(170)));
        KafkaProbe.publish("ksef.invoice.events", empty, "ksef.session.invoices-settled.v1", settled(empty, 0, 0, 0));
        assertEquals(204, closing.get(20, TimeUnit.SECONDS));
        status(nip, empty).body("status.code", equalTo(440)).body("status.description", equalTo("Sesja anulowana"));
        given().auth().oauth2(TestTokens.accessToken(nip)).queryParam("sessionType", "Online")
                .queryParam("statuses", "Cancelled").get("/v2/sessions").then().statusCode(200)
                .body("sessions.referenceNumber", hasItem(empty));
    }

    @Test
    void aSessionPastItsValidityClosesItselfAndAnnouncesWhy() throws Exception {
        String nip = randomNip();
        String reference = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        String another = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
        try (Connection db = DriverManager.getConnection(TestInfrastructure.database("ksef_session"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword())) {
            // Both in one sweep: the sweep must close several sessions in one transaction.
            db.createStatement().executeUpdate("update ksef_session set valid_until = now() - interval '1 second'"
                    + " where reference_number in ('" + reference + "', '" + another + "')");
        }
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
            status(nip, reference).body("status.code", equalTo(170));
            status(nip, another).body("status.code", equalTo(170));
        });
        List<ConsumerRecord<String, String>> closed = KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.closed.v1", 1, Duration.ofSeconds(15));
        assertEquals("expired", JSON.readTree(closed.get(0).value()).get("reason").asText());
    }

    @Test
    void sessionsAreListedNewestFirstInPagesWithAContinuationToken() {
        String nip = randomNip();
        List<String> opened = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            opened.add(open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber"));
        }
        close(nip, opened.get(0)).statusCode(204);
        var first = list(nip, null, "sessionType", "Online", "pageSize", "10").statusCode(200)
                .body("sessions", hasSize(10))
                .body("sessions[0].referenceNumber", equalTo(opened.get(11)))
                .body("sessions[0].totalInvoiceCount", equalTo(0))
                .body("continuationToken", notNullValue());
        String token = first.extract().path("continuationToken");
        list(nip, token, "sessionType", "Online", "pageSize", "10").statusCode(200)
                .body("sessions", hasSize(2))
                .body("sessions[1].referenceNumber", equalTo(opened.get(0)))
                .body("continuationToken", nullValue());
        list(nip, null, "sessionType", "Online", "statuses", "InProgress", "referenceNumber", opened.get(0))
                .statusCode(200).body("sessions", hasSize(1)).body("sessions[0].status.code", equalTo(170));
        list(nip, null, "sessionType", "Batch").statusCode(200).body("sessions", hasSize(0));

        list(nip, token + "x", "sessionType", "Online", "pageSize", "10").statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21418));
        list(nip, null, "sessionType", "Online", "pageSize", "5").statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].details[0]",
                        equalTo("'pageSize' must be between 10 and 1000. You entered 5."));
        list(randomNip(), null, "sessionType", "Online").statusCode(200).body("sessions", hasSize(0));
    }

    @Test
    void withTheBrokerDownSessionsStillOpenAndTheirEventsArriveWhenItIsBack() {
        String nip = randomNip();
        TestInfrastructure.stopKafka();
        String reference;
        try {
            reference = open(nip, openRequest("FA (3)")).statusCode(201).extract().path("referenceNumber");
            status(nip, reference).statusCode(200).body("status.code", equalTo(100));
        } finally {
            TestInfrastructure.startKafka();
        }
        assertEquals(1, KafkaProbe.events("ksef.session.events", reference, "ksef.session.opened.v1", 1,
                Duration.ofSeconds(60)).size());
    }

    private static String sessionUpo(String reference, String page) {
        return "{\"referenceNumber\":\"" + reference + "\",\"scope\":\"session\","
                + "\"pages\":[{\"referenceNumber\":\"" + page
                + "\",\"downloadUrl\":\"http://localhost:8080/storage/upo/" + page
                + "\",\"downloadUrlExpirationDate\":\"2030-01-01T00:00:00Z\"}]}";
    }

    private double waits(String consumer) {
        Counter counter = metrics.find(EventConsumer.WAITS).tag("consumer", consumer).counter();
        return counter == null ? 0 : counter.count();
    }

    private boolean processedInDatabase(String consumer, String eventId) throws Exception {
        try (Connection db = DriverManager.getConnection(TestInfrastructure.database("ksef_session"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
             var rs = db.createStatement().executeQuery("select count(*) from processed_event where consumer = '"
                     + consumer + "' and event_id = '" + eventId + "'")) {
            return rs.next() && rs.getInt(1) == 1;
        }
    }

    private boolean settledInDatabase(String reference) throws Exception {
        try (Connection db = DriverManager.getConnection(TestInfrastructure.database("ksef_session"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
             var rs = db.createStatement().executeQuery(
                     "select settled from ksef_session where reference_number = '" + reference + "'")) {
            return rs.next() && rs.getBoolean(1);
        }
    }

    private static String settled(String reference, int total, int ok, int failed) {
        return "{\"referenceNumber\":\"" + reference + "\",\"totalInvoiceCount\":" + total
                + ",\"successfulInvoiceCount\":" + ok + ",\"failedInvoiceCount\":" + failed + "}";
    }

    private ValidatableResponse open(String nip, Map<String, Object> body) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .contentType(ContentType.JSON).body(body).post("/v2/sessions/online").then();
    }

    private ValidatableResponse close(String nip, String reference) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .post("/v2/sessions/online/{ref}/close", reference).then();
    }

    private ValidatableResponse status(String nip, String reference) {
        return given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .get("/v2/sessions/{ref}", reference).then();
    }

    private ValidatableResponse list(String nip, String continuationToken, String... query) {
        var request = given().header("Authorization", "Bearer " + TestTokens.accessToken(nip));
        if (continuationToken != null) {
            request = request.header("x-continuation-token", continuationToken);
        }
        for (int i = 0; i < query.length; i += 2) {
            request = request.queryParam(query[i], query[i + 1]);
        }
        return request.get("/v2/sessions").then();
    }

    private Map<String, Object> openRequest(String systemCode) {
        return Map.of("formCode", formCode(systemCode), "encryption",
                Map.of("encryptedSymmetricKey", wrappedKey(), "initializationVector", iv(),
                        "publicKeyId", keys.publicKeyId(KeyUsage.SymmetricKeyEncryption)));
    }

    private Map<String, Object> openRequest(String systemCode, String schemaVersion, String value) {
        return Map.of("formCode", Map.of("systemCode", systemCode, "schemaVersion", schemaVersion, "value", value),
                "encryption", Map.of("encryptedSymmetricKey", wrappedKey(), "initializationVector", iv(),
                        "publicKeyId", keys.publicKeyId(KeyUsage.SymmetricKeyEncryption)));
    }

    private static Map<String, String> formCode(String systemCode) {
        return Map.of("systemCode", systemCode, "schemaVersion", "1-0E", "value", "FA");
    }

    private String wrappedKey() {
        return SessionKeyWrapping.wrappedRandomKey(keys);
    }

    private static String iv() {
        byte[] iv = new byte[16];
        new SecureRandom().nextBytes(iv);
        return Base64.getEncoder().encodeToString(iv);
    }

    /** A NIP with a valid checksum (weights 6,5,7,2,3,4,5,6,7), unique per test. */
    static String randomNip() {
        int[] weights = {6, 5, 7, 2, 3, 4, 5, 6, 7};
        while (true) {
            StringBuilder nip = new StringBuilder();
            nip.append(ThreadLocalRandom.current().nextInt(1, 10));
            for (int i = 1; i < 9; i++) {
                nip.append(ThreadLocalRandom.current().nextInt(10));
            }
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                sum += (nip.charAt(i) - '0') * weights[i];
            }
            int check = sum % 11;
            if (check < 10 && nip.charAt(1) != '0' || check < 10 && nip.charAt(2) != '0') {
                String candidate = nip.append(check).toString();
                if (candidate.matches("^[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}$")) {
                    return candidate;
                }
            }
        }
    }

}

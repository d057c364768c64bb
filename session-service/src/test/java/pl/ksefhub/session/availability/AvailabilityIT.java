package pl.ksefhub.session.availability;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.heartbeat.ServiceInstance;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasKey;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Latarnia endpoints fed by heartbeats through the real broker and the real database. session-service beats
 * itself (every second in tests); the other three services are {@link FakeServices}, made silent or not ready at
 * will. The test profile judges every second; a fake instance is gone after 1.5 s of silence.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class AvailabilityIT {

    private static final String[] OTHERS = {"invoice-service", "upo-service", "recurring-service"};
    private static final String KEY = "test-operator-key";
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String TIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\+00:00";
    private static FakeServices fakes;

    @Inject
    ServiceInstance self;

    @BeforeAll
    static void startTheOtherServices() {
        fakes = new FakeServices(OTHERS);
    }

    @AfterAll
    static void stopTheOtherServices() {
        fakes.close();
    }

    @BeforeEach
    void everyServiceReady() {
        fakes.allReady(OTHERS);
        awaitStatus("AVAILABLE");
    }

    @Test
    void everyServiceReadyIsFullAvailabilityWithoutMessages() {
        given().get("/status").then().statusCode(200).contentType(ContentType.JSON)
                .body("status", equalTo("AVAILABLE"))
                .body("$", not(hasKey("messages")));
    }

    @Test
    void aServiceThatStopsBeatingIsAFailureUntilItIsBackAndBothAreAnnounced() {
        fakes.set("upo-service", FakeServices.SILENT);
        JsonPath status = awaitStatus("FAILURE");
        List<Map<String, Object>> messages = status.getList("messages");
        assertEquals(1, messages.size());
        Map<String, Object> started = messages.get(0);
        assertEquals("FAILURE", started.get("category"));
        assertEquals("FAILURE_START", started.get("type"));
        assertEquals("Awaria KSeF", started.get("title"));
        String text = (String) started.get("text");
        assertTrue(text.contains("upo-service (brak sygnału)"), text);
        assertTrue(((String) started.get("id")).matches("K/\\d{4}/AWR/\\d{2,}"), (String) started.get("id"));
        assertTrue(((String) started.get("start")).matches(TIME));
        assertFalse(started.containsKey("end"));
        assertEquals(1, started.get("version"));
        int eventId = (Integer) started.get("eventId");
        assertEquals(started, message(eventId, "FAILURE_START"));

        fakes.set("upo-service", FakeServices.READY);
        awaitStatus("AVAILABLE");
        Map<String, Object> ended = message(eventId, "FAILURE_END");
        Map<String, Object> startedAgain = message(eventId, "FAILURE_START");
        assertEquals("FAILURE", ended.get("category"));
        assertEquals("Zakończenie awarii KSeF", ended.get("title"));
        assertNotEquals(started.get("id"), ended.get("id"));
        assertEquals(started.get("start"), ended.get("start"));
        assertTrue(((String) ended.get("end")).matches(TIME));
        assertEquals(1, ended.get("version"));
        // The start message is published again, now with its end.
        assertEquals(started.get("id"), startedAgain.get("id"));
        assertEquals(2, startedAgain.get("version"));
        assertEquals(ended.get("end"), startedAgain.get("end"));
        assertTrue(OffsetDateTime.parse((String) startedAgain.get("published"))
                .isAfter(OffsetDateTime.parse((String) started.get("published")).minusSeconds(1)));
    }

    @Test
    void aCriticalServiceNotReadyIsATotalFailureThatEndsTheLesserFailure() {
        fakes.set("recurring-service", FakeServices.SILENT);
        int failure = (Integer) awaitStatus("FAILURE").getList("messages", Map.class).get(0).get("eventId");

        fakes.set("invoice-service", new FakeServices.State("DOWN", "database"));
        JsonPath status = awaitStatus("TOTAL_FAILURE");
        Map<?, ?> total = status.getList("messages", Map.class).get(0);
        assertEquals("TOTAL_FAILURE", total.get("category"));
        assertEquals("FAILURE_START", total.get("type"));
        assertEquals("Całkowita awaria KSeF", total.get("title"));
        assertTrue(((String) total.get("text")).contains("invoice-service (niegotowa: database)"),
                (String) total.get("text"));
        assertNotEquals(failure, total.get("eventId"));
        assertEquals("FAILURE", message(failure, "FAILURE_END").get("category"));

        fakes.allReady(OTHERS);
        awaitStatus("AVAILABLE");
        Map<String, Object> ended = message((Integer) total.get("eventId"), "FAILURE_END");
        assertEquals("TOTAL_FAILURE", ended.get("category"));
        assertEquals("Zakończenie całkowitej awarii KSeF", ended.get("title"));
    }

    @Test
    void aPlannedUnavailabilityAheadIsListedWhileTheStatusStaysAvailable() {
        OffsetDateTime start = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> announced = given().header(OperatorAccess.KEY_HEADER, KEY).contentType(ContentType.JSON)
                .body(Map.of("title", "Prace serwisowe", "text", "KSeF będzie niedostępny.",
                        "start", start.toString(), "end", start.plusHours(2).toString()))
                .post("/admin/availability/messages").then().statusCode(201)
                .extract().jsonPath().getMap("$");
        int eventId = (Integer) announced.get("eventId");
        try {
            assertEquals("MAINTENANCE", announced.get("category"));
            assertEquals("MAINTENANCE_ANNOUNCEMENT", announced.get("type"));
            assertTrue(((String) announced.get("id")).matches("K/\\d{4}/PRZ/\\d{2,}"), (String) announced.get("id"));
            assertEquals(LatarniaApi.time(start), announced.get("start"));
            assertEquals(LatarniaApi.time(start.plusHours(2)), announced.get("end"));
            assertEquals(1, announced.get("version"));
            // Read your write: the operator's own request refreshed what the endpoints answer.
            assertEquals(announced, message(eventId, "MAINTENANCE_ANNOUNCEMENT"));
            given().get("/status").then().body("status", equalTo("AVAILABLE")).body("$", not(hasKey("messages")));

            Map<String, Object> changed = given().header(OperatorAccess.KEY_HEADER, KEY).contentType(ContentType.JSON)
                    .body(Map.of("title", "Prace serwisowe (zmiana)", "text", "Przesunięte o godzinę.",
                            "start", start.plusHours(1).toString()))
                    .put("/admin/availability/messages/" + eventId).then().statusCode(200)
                    .extract().jsonPath().getMap("$");
            assertEquals(announced.get("id"), changed.get("id"));
            assertEquals(2, changed.get("version"));
            assertEquals("Prace serwisowe (zmiana)", changed.get("title"));
            assertFalse(changed.containsKey("end"));
            assertEquals(changed, message(eventId, "MAINTENANCE_ANNOUNCEMENT"));
        } finally {
            withdraw(eventId);
        }
        assertNull(findMessage(eventId, "MAINTENANCE_ANNOUNCEMENT"));
        given().header(OperatorAccess.KEY_HEADER, KEY).delete("/admin/availability/messages/" + eventId)
                .then().statusCode(404);
    }

    @Test
    void aPlannedUnavailabilityInProgressIsTheStatusAndNoFailureIsRecordedMeanwhile() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int eventId = announce(now.minusMinutes(1), now.plusHours(1));
        try {
            JsonPath status = awaitStatus("MAINTENANCE");
            List<Map<String, Object>> messages = status.getList("messages");
            assertEquals(1, messages.size());
            assertEquals(eventId, messages.get(0).get("eventId"));
            assertEquals("MAINTENANCE", messages.get(0).get("category"));

            OffsetDateTime silentFrom = OffsetDateTime.now(ZoneOffset.UTC).minusSeconds(1);
            fakes.set("invoice-service", FakeServices.SILENT);
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(6)).until(() ->
                    "MAINTENANCE".equals(given().get("/status").jsonPath().getString("status"))
                            && messages().stream().noneMatch(m -> "FAILURE_START".equals(m.get("type"))
                            && OffsetDateTime.parse((String) m.get("published")).isAfter(silentFrom)));
        } finally {
            withdraw(eventId);
        }
        fakes.allReady(OTHERS);
        awaitStatus("AVAILABLE");
    }

    @Test
    void theOperatorEndpointsRequireTheConfiguredKey() {
        Map<String, Object> body = Map.of("title", "t", "text", "x", "start", "2030-01-01T00:00:00Z");
        given().contentType(ContentType.JSON).body(body).post("/admin/availability/messages")
                .then().statusCode(401).body("status", equalTo(401));
        given().header(OperatorAccess.KEY_HEADER, "wrong").contentType(ContentType.JSON).body(body)
                .post("/admin/availability/messages").then().statusCode(401);
        given().header(OperatorAccess.KEY_HEADER, KEY + "x").contentType(ContentType.JSON).body(body)
                .put("/admin/availability/messages/1").then().statusCode(401);
        given().delete("/admin/availability/messages/1").then().statusCode(401);
        // Not exposed for writing under the public paths.
        given().contentType(ContentType.JSON).body(body).post("/messages").then().statusCode(405);
    }

    @Test
    void anInvalidAnnouncementIsRefusedWithTheValidationError() {
        given().header(OperatorAccess.KEY_HEADER, KEY).contentType(ContentType.JSON)
                .body(Map.of("title", " ", "start", "2030-01-01T10:00:00Z", "end", "2030-01-01T09:00:00Z"))
                .post("/admin/availability/messages").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].details", equalTo(List.of("'title' must not be empty.",
                        "'text' must not be empty.", "'end' must be later than 'start'.")));
        given().header(OperatorAccess.KEY_HEADER, KEY).contentType(ContentType.JSON)
                .body("{\"title\": \"t\", \"text\": \"x\", \"start\": \"tomorrow\"}")
                .post("/admin/availability/messages").then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
        given().header(OperatorAccess.KEY_HEADER, KEY).contentType(ContentType.JSON)
                .body(Map.of("title", "t", "text", "x", "start", "2030-01-01T00:00:00Z"))
                .put("/admin/availability/messages/999999").then().statusCode(404);
    }

    /** The official Java SDK's model (ksef-client-java, pl.akmf.ksef.sdk.client.model.lighthouse), field by field. */
    public static class SdkStatusResponse {
        public String status;
        public List<SdkMessage> messages;
    }

    public static class SdkMessage {
        public String id;
        public int eventId;
        public String category;
        public String type;
        public String title;
        public String text;
        public OffsetDateTime start;
        public OffsetDateTime end;
        public int version;
        public OffsetDateTime published;
    }

    @Test
    void theAnswersParseAsTheOfficialSdksReadThemAndNothingMore() throws Exception {
        ObjectMapper sdk = new ObjectMapper().registerModule(new JavaTimeModule())
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        int announced = announce(now.plusDays(2), now.plusDays(2).plusHours(1));
        try {
            fakes.set("upo-service", FakeServices.SILENT);
            awaitStatus("FAILURE");
            SdkStatusResponse status = sdk.readValue(given().get("/status").asString(), SdkStatusResponse.class);
            assertTrue(Set.of("AVAILABLE", "MAINTENANCE", "FAILURE", "TOTAL_FAILURE").contains(status.status));
            assertEquals(1, status.messages.size());
            List<SdkMessage> all = List.of(sdk.readValue(given().get("/messages").asString(), SdkMessage[].class));
            assertTrue(all.size() >= 2);
            for (SdkMessage message : all) {
                assertFalse(message.id.isBlank());
                assertTrue(Set.of("FAILURE", "TOTAL_FAILURE", "MAINTENANCE").contains(message.category));
                assertTrue(Set.of("FAILURE_START", "FAILURE_END", "MAINTENANCE_ANNOUNCEMENT").contains(message.type));
                assertFalse(message.title.isBlank());
                assertFalse(message.text.isBlank());
                assertNotNull(message.start);
                assertNotNull(message.published);
                assertTrue(message.version >= 1);
            }
            assertTrue(all.stream().anyMatch(m -> m.eventId == announced && m.end != null));
            JsonNode raw = sdk.readTree(given().get("/messages").asString());
            assertTrue(raw.isArray());
            raw.forEach(m -> List.of("start", "published").forEach(field ->
                    assertTrue(m.get(field).asText().matches(TIME), m.get(field).asText())));
        } finally {
            withdraw(announced);
        }
        fakes.allReady(OTHERS);
        awaitStatus("AVAILABLE");
    }

    @Test
    void thisServicePublishesItsOwnReadinessAsAHeartbeat() throws Exception {
        List<ConsumerRecord<String, String>> beats = KafkaProbe.records("ksef.platform.heartbeats", self.id(),
                r -> true, 1, WAIT);
        assertFalse(beats.isEmpty());
        ConsumerRecord<String, String> beat = beats.get(0);
        assertEquals("ksef.platform.heartbeat.v1", KafkaProbe.header(beat, "ce_type"));
        assertEquals("/session-service", KafkaProbe.header(beat, "ce_source"));
        JsonNode json = new ObjectMapper().readTree(beat.value());
        assertEquals("session-service", json.get("service").asText());
        assertEquals(self.id(), json.get("instance").asText());
        assertEquals(1000, json.get("intervalMillis").asLong());
        assertTrue(Set.of("UP", "DOWN").contains(json.get("status").asText()));
        assertTrue(json.get("failingChecks").isArray());
        OffsetDateTime.parse(json.get("sentAt").asText());
    }

    private static JsonPath awaitStatus(String expected) {
        JsonPath[] last = new JsonPath[1];
        await().atMost(WAIT).pollInterval(Duration.ofMillis(200)).until(() -> {
            last[0] = given().get("/status").then().statusCode(200).extract().jsonPath();
            return expected.equals(last[0].getString("status"));
        });
        return last[0];
    }

    private static List<Map<String, Object>> messages() {
        return given().get("/messages").then().statusCode(200).contentType(ContentType.JSON)
                .extract().jsonPath().getList("$");
    }

    private static Map<String, Object> findMessage(int eventId, String type) {
        return messages().stream().filter(m -> m.get("eventId").equals(eventId) && type.equals(m.get("type")))
                .findFirst().orElse(null);
    }

    /** The message, once published (the monitor publishes a recorded change within one round). */
    private static Map<String, Object> message(int eventId, String type) {
        await().atMost(WAIT).until(() -> findMessage(eventId, type) != null);
        return findMessage(eventId, type);
    }

    private static int announce(OffsetDateTime start, OffsetDateTime end) {
        return given().header(OperatorAccess.KEY_HEADER, KEY).contentType(ContentType.JSON)
                .body(Map.of("title", "Przerwa techniczna", "text", "Planowana niedostępność KSeF.",
                        "start", start.toString(), "end", end.toString()))
                .post("/admin/availability/messages").then().statusCode(201)
                .extract().jsonPath().getInt("eventId");
    }

    private static void withdraw(int eventId) {
        given().header(OperatorAccess.KEY_HEADER, KEY).delete("/admin/availability/messages/" + eventId)
                .then().statusCode(204);
    }
}

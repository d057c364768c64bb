package pl.ksefhub.session.ratelimit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.Response;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.config.ConfigResource;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimitSettings;
import pl.ksefhub.platform.ratelimit.RateLimitValues;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestInfrastructure;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.as;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.assertEffective;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.assertTooManyRequests;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.assertTooManyRequestsProblem;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.body;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.effective;
import static pl.ksefhub.session.ratelimit.RateLimitRequests.set;

/**
 * {@code GET /rate-limits} and {@code /testdata/rate-limits}: a context's own values are stored, announced on
 * {@code ksef.ratelimit.settings}, applied from there, and enforced per (context, client IP) with KSeF's 429. The
 * test profile's defaults are a thousand times production (application.properties); enforcement is on, and each test
 * sets low values for a context of its own.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class RateLimitsIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSIONS = "/v2/sessions";
    /** Two session lists a minute; everything else at production values. */
    private static final Function<RateLimitGroup, RateLimitValues> TWO_LISTS_A_MINUTE =
            group -> group == RateLimitGroup.SESSION_LIST ? new RateLimitValues(5, 2, 60) : group.production();

    @Inject
    RateLimitSettings settings;

    @Test
    void aContextWithoutOwnValuesSeesTheEnvironmentsDefaults() {
        String token = TestTokens.accessToken(RandomIdentifiers.nip());
        assertEffective(effective(token), group -> group.production().times(1000));
        // The spec's shape: exactly its twelve groups, in its order.
        List<String> groups = new ArrayList<>();
        effective(token).extract().jsonPath().getMap("").keySet().forEach(name -> groups.add((String) name));
        assertEquals(List.of("onlineSession", "batchSession", "invoiceSend", "invoiceStatus", "sessionList",
                "sessionInvoiceList", "sessionMisc", "invoiceMetadata", "invoiceExport", "invoiceExportStatus",
                "invoiceDownload", "other"), groups);
    }

    @Test
    void theProductionProfileGivesKsefsProductionValues() throws Exception {
        String nip = RandomIdentifiers.nip();
        String token = TestTokens.accessToken(nip);
        as(token, null).post("/v2/testdata/rate-limits/production").then().statusCode(200);
        // NOTES.md section 6, as GET /rate-limits' example in the spec.
        Map<String, List<Integer>> production = Map.ofEntries(
                Map.entry("onlineSession", List.of(10, 30, 120)), Map.entry("batchSession", List.of(10, 20, 60)),
                Map.entry("invoiceSend", List.of(10, 30, 180)), Map.entry("invoiceStatus", List.of(30, 120, 1200)),
                Map.entry("sessionList", List.of(5, 10, 60)), Map.entry("sessionInvoiceList", List.of(10, 20, 200)),
                Map.entry("sessionMisc", List.of(10, 120, 1200)), Map.entry("invoiceMetadata", List.of(8, 16, 20)),
                Map.entry("invoiceExport", List.of(8, 16, 20)),
                Map.entry("invoiceExportStatus", List.of(10, 60, 600)),
                Map.entry("invoiceDownload", List.of(8, 16, 64)), Map.entry("other", List.of(10, 30, 120)));
        var answer = effective(token).statusCode(200);
        production.forEach((group, values) -> answer
                .body(group + ".perSecond", equalTo(values.get(0)))
                .body(group + ".perMinute", equalTo(values.get(1)))
                .body(group + ".perHour", equalTo(values.get(2))));

        JsonNode event = settingsEvent(nip, 1).get(0);
        assertEquals("production", event.get("profile").asText());
        assertEquals(1200, event.at("/rateLimits/invoiceStatus/perHour").asInt());
    }

    @Test
    void ownValuesAreStoredAnnouncedAndEnforcedWith429() throws Exception {
        String nip = RandomIdentifiers.nip();
        String token = TestTokens.accessToken(nip);
        set(token, body(TWO_LISTS_A_MINUTE)).statusCode(200);
        assertEffective(effective(token), TWO_LISTS_A_MINUTE);

        JsonNode event = settingsEvent(nip, 1).get(0);
        assertEquals("custom", event.get("profile").asText());
        assertEquals("Nip", event.at("/context/type").asText());
        assertEquals(nip, event.at("/context/value").asText());
        assertEquals(2, event.at("/rateLimits/sessionList/perMinute").asInt());
        awaitApplied(nip, new RateLimitValues(5, 2, 60));

        String ip = "192.0.2.10";
        listSessions(token, ip).then().statusCode(200);
        listSessions(token, ip).then().statusCode(200);
        long retryAfter = assertTooManyRequests(listSessions(token, ip), 2, "minutę");
        assertTrue(retryAfter <= 61, "the minute's window frees within 61 s: " + retryAfter);
        // Still blocked, in the other error format.
        Response problem = as(token, ip).header("X-Error-Format", "problem-details")
                .queryParam("sessionType", "Online").get(SESSIONS);
        assertTooManyRequestsProblem(problem, SESSIONS, 2, "minutę");
        // Each operation counts on its own: the context's other calls still go through.
        as(token, ip).get("/v2/rate-limits").then().statusCode(200);
        // Operators see refusals per group.
        String metrics = given().get("/q/metrics").then().statusCode(200).extract().asString();
        assertTrue(metrics.lines().anyMatch(line -> line.startsWith("ksef_ratelimit_refused_total{")
                && line.contains("group=\"sessionList\"") && !line.endsWith(" 0.0")), metrics);
    }

    @Test
    void theSameContextFromAnotherAddressCountsOnItsOwn() {
        String nip = RandomIdentifiers.nip();
        String token = TestTokens.accessToken(nip);
        set(token, body(TWO_LISTS_A_MINUTE)).statusCode(200);
        awaitApplied(nip, new RateLimitValues(5, 2, 60));

        for (int i = 0; i < 2; i++) {
            listSessions(token, "192.0.2.21").then().statusCode(200);
        }
        assertTooManyRequests(listSessions(token, "192.0.2.21"), 2, "minutę");
        listSessions(token, "192.0.2.22").then().statusCode(200);
        listSessions(token, "192.0.2.22").then().statusCode(200);
        assertTooManyRequests(listSessions(token, "192.0.2.22"), 2, "minutę");
    }

    @Test
    void anotherContextFromTheSameAddressCountsOnItsOwn() {
        String first = RandomIdentifiers.nip();
        String second = RandomIdentifiers.nip();
        for (String nip : List.of(first, second)) {
            set(TestTokens.accessToken(nip), body(TWO_LISTS_A_MINUTE)).statusCode(200);
            awaitApplied(nip, new RateLimitValues(5, 2, 60));
        }
        String ip = "192.0.2.30";
        String firstToken = TestTokens.accessToken(first);
        listSessions(firstToken, ip).then().statusCode(200);
        listSessions(firstToken, ip).then().statusCode(200);
        assertTooManyRequests(listSessions(firstToken, ip), 2, "minutę");
        // A new token of the same context is the same context.
        assertTooManyRequests(listSessions(TestTokens.accessToken(first), ip), 2, "minutę");
        String secondToken = TestTokens.accessToken(second);
        listSessions(secondToken, ip).then().statusCode(200);
        listSessions(secondToken, ip).then().statusCode(200);
        assertTooManyRequests(listSessions(secondToken, ip), 2, "minutę");
    }

    @Test
    void resettingGoesBackToTheDefaultsAndLiftsTheBlock() throws Exception {
        String nip = RandomIdentifiers.nip();
        String token = TestTokens.accessToken(nip);
        set(token, body(TWO_LISTS_A_MINUTE)).statusCode(200);
        awaitApplied(nip, new RateLimitValues(5, 2, 60));
        String ip = "192.0.2.40";
        listSessions(token, ip).then().statusCode(200);
        listSessions(token, ip).then().statusCode(200);
        assertTooManyRequests(listSessions(token, ip), 2, "minutę");

        as(token, null).delete("/v2/testdata/rate-limits").then().statusCode(200);
        assertEffective(effective(token), group -> group.production().times(1000));
        JsonNode reset = settingsEvent(nip, 2).get(1);
        assertEquals("defaults", reset.get("profile").asText());
        assertTrue(reset.get("rateLimits").isNull());
        // Refused requests do not count: polling while the change travels does not prolong the block.
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> listSessions(token, ip).statusCode() == 200);
        listSessions(token, ip).then().statusCode(200);
    }

    @Test
    void invalidValuesAreRefusedWith21405NamingEachOne() {
        String token = TestTokens.accessToken(RandomIdentifiers.nip());
        Map<String, Object> body = Map.of("rateLimits", Map.of(
                "onlineSession", Map.of("perSecond", 1, "perMinute", 1, "perHour", 11111111),
                "invoiceSend", Map.of("perSecond", 0, "perMinute", 300, "perHour", 1801)));
        // Every group left out is an error but invoiceExportStatus, which the official SDK never sends.
        List<String> details = new ArrayList<>(List.of(
                "'rateLimits.onlineSession.perHour' must be between 1 and 1200. You entered 11111111.",
                "'rateLimits.batchSession' must not be empty.",
                "'rateLimits.invoiceSend.perSecond' must be between 1 and 100. You entered 0.",
                "'rateLimits.invoiceSend.perHour' must be between 1 and 1800. You entered 1801."));
        for (String group : List.of("invoiceStatus", "sessionList", "sessionInvoiceList", "sessionMisc",
                "invoiceMetadata", "invoiceExport", "invoiceDownload", "other")) {
            details.add("'rateLimits." + group + "' must not be empty.");
        }
        set(token, body).statusCode(400)
                .contentType(startsWith("application/json"))
                .body("exception.exceptionDetailList", hasSize(1))
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Błąd walidacji danych wejściowych."))
                .body("exception.exceptionDetailList[0].details", contains(details.toArray()));
        given().auth().oauth2(token).header("X-Error-Format", "problem-details").contentType(ContentType.JSON)
                .body(Map.of()).post("/v2/testdata/rate-limits").then().statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Żądanie jest nieprawidłowe."))
                .body("errors[0].code", equalTo(21405))
                .body("errors[0].details", contains("'rateLimits' must not be empty."));
        // Nothing was stored.
        assertEffective(effective(token), group -> group.production().times(1000));
    }

    /**
     * The official Java SDK sends {@code invoiceExportStatus: null}: that group keeps this environment's default.
     * The SDK's test of a body with only onlineSession expects exactly 11 details.
     */
    @Test
    void invoiceExportStatusLeftOutKeepsTheDefault() throws Exception {
        String nip = RandomIdentifiers.nip();
        String token = TestTokens.accessToken(nip);
        Map<String, Object> body = new java.util.HashMap<>(body(TWO_LISTS_A_MINUTE));
        @SuppressWarnings("unchecked")
        Map<String, Object> limits = new java.util.HashMap<>((Map<String, Object>) body.get("rateLimits"));
        limits.put("invoiceExportStatus", null);
        body.put("rateLimits", limits);
        set(token, body).statusCode(200);
        awaitApplied(nip, new RateLimitValues(5, 2, 60));
        effective(token).statusCode(200)
                .body("invoiceExportStatus.perHour", equalTo(RateLimitGroup.INVOICE_EXPORT_STATUS.production()
                        .times(1000).perHour()))
                .body("sessionList.perMinute", equalTo(2));
        Map<String, Object> onlyOnline = new java.util.HashMap<>();
        onlyOnline.put("onlineSession", Map.of("perSecond", 1, "perMinute", 1, "perHour", 11111111));
        set(token, Map.of("rateLimits", onlyOnline)).statusCode(400)
                .body("exception.exceptionDetailList[0].details", hasSize(11));
    }

    @Test
    void everyEndpointWantsAnAccessToken() {
        given().get("/v2/rate-limits").then().statusCode(401)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Wymagane jest uwierzytelnienie."));
        given().contentType(ContentType.JSON).body(body(RateLimitGroup::production))
                .post("/v2/testdata/rate-limits").then().statusCode(401);
        given().delete("/v2/testdata/rate-limits").then().statusCode(401);
        given().post("/v2/testdata/rate-limits/production").then().statusCode(401);
    }

    @Test
    void theSettingsTopicIsCompacted() throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfrastructure.kafkaBootstrapServers()))) {
            ConfigResource topic = new ConfigResource(ConfigResource.Type.TOPIC, RateLimitEvents.TOPIC);
            var config = admin.describeConfigs(List.of(topic)).all().get().get(topic);
            assertEquals("compact", config.get("cleanup.policy").value());
        }
    }

    private static Response listSessions(String token, String ip) {
        return as(token, ip).queryParam("sessionType", "Online").get(SESSIONS);
    }

    /** Waits until this instance applies what the topic announced (the relay and the broker take a moment). */
    private void awaitApplied(String nip, RateLimitValues sessionList) {
        String context = RateLimitSettings.contextKey("Nip", nip);
        await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(50))
                .until(() -> sessionList.equals(settings.effective(RateLimitGroup.SESSION_LIST, context)));
    }

    private static List<JsonNode> settingsEvent(String nip, int count) throws Exception {
        List<ConsumerRecord<String, String>> records = KafkaProbe.events(RateLimitEvents.TOPIC, "Nip:" + nip,
                RateLimitEvents.SETTINGS_CHANGED, count, Duration.ofSeconds(20));
        assertEquals(count, records.size());
        List<JsonNode> events = new ArrayList<>();
        for (ConsumerRecord<String, String> record : records) {
            events.add(JSON.readTree(record.value()));
        }
        return events;
    }
}

package pl.ksefhub.session.submission;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestInfrastructure;
import pl.ksefhub.testsupport.TestTokens;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Submissions from {@code ksef.submissions} through the real broker and database: assignment to event sessions,
 * deduplication, dead letters, idle and full close. The test profile closes event sessions after 8 s idle and at
 * 5 submissions.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class SubmissionAssignmentIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SESSION_EVENTS = "ksef.session.events";
    private static final Duration WAIT = Duration.ofSeconds(30);

    @Test
    void aSubmissionOpensAnEventSessionAndIsAssignedToIt() throws Exception {
        String nip = randomNip();
        String correlationId = "xml-" + UUID.randomUUID();
        submit(nip, submission(correlationId, nip, "FA (3)", "<Faktura>1</Faktura>", null));

        JsonNode assigned = assignments(Set.of(correlationId), 1).get(correlationId).get(0);
        String reference = assigned.get("referenceNumber").asText();
        assertTrue(ReferenceNumbers.isValid(reference));
        assertEquals("SO", ReferenceNumbers.kindOf(reference));
        // Asked first, well before the session goes idle (8 s in tests).
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .get("/v2/sessions/" + reference).then().statusCode(200)
                .body("status.code", equalTo(100))
                .body("status.description", equalTo("Sesja interaktywna otwarta"));
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .queryParam("sessionType", "Online").queryParam("referenceNumber", reference)
                .get("/v2/sessions").then().statusCode(200)
                .body("sessions[0].referenceNumber", equalTo(reference));
        assertEquals("Nip", assigned.at("/context/type").asText());
        assertEquals(nip, assigned.at("/context/value").asText());
        assertEquals("FA (3)", assigned.at("/formCode/systemCode").asText());
        assertEquals("1-0E", assigned.at("/formCode/schemaVersion").asText());
        assertEquals("FA", assigned.at("/formCode/value").asText());
        assertEquals("<Faktura>1</Faktura>", assigned.get("invoiceXml").asText());
        assertFalse(assigned.has("template"));
        assertTrue(assigned.hasNonNull("assignedAt"));

        List<ConsumerRecord<String, String>> opened = KafkaProbe.events(SESSION_EVENTS, reference,
                "ksef.session.opened.v1", 1, WAIT);
        assertEquals(1, opened.size());
        JsonNode openedEvent = JSON.readTree(opened.get(0).value());
        assertEquals("event", openedEvent.get("sessionType").asText());
        assertTrue(openedEvent.get("keyValid").asBoolean());
        assertTrue(openedEvent.get("encryptedSymmetricKey").isNull());
        assertTrue(openedEvent.get("initializationVector").isNull());
        assertTrue(openedEvent.at("/authentication/referenceNumber").isNull());
        assertTrue(openedEvent.at("/authentication/ksefTokenReferenceNumber").isNull());
        // The UPO names the submission that opened the session as the authorising document.
        assertEquals(44, openedEvent.at("/authentication/authDocumentHash").asText().length());
        assertEquals(5, openedEvent.get("invoiceLimit").asInt());
        assertEquals(nip, openedEvent.at("/context/value").asText());
        // The session is announced before its first submission: same key, so same partition and order.
        List<ConsumerRecord<String, String>> both = KafkaProbe.records(SESSION_EVENTS, reference,
                r -> true, 2, WAIT);
        assertEquals("ksef.session.opened.v1", KafkaProbe.header(both.get(0), "ce_type"));
        assertEquals(SubmissionEvents.ASSIGNED, KafkaProbe.header(both.get(1), "ce_type"));

    }

    @Test
    void submissionsOfOneContextShareASessionAndAnotherContextGetsItsOwn() throws Exception {
        String nip = randomNip();
        String other = randomNip();
        String first = "first-" + UUID.randomUUID();
        String second = "second-" + UUID.randomUUID();
        String foreign = "foreign-" + UUID.randomUUID();
        submit(nip, submission(first, nip, "FA (3)", "<Faktura>1</Faktura>", null));
        submit(nip, submission(second, nip, "FA (3)", null,
                Map.of("saleDocumentId", 42, "issueDate", "2026-12-01", "recurringDocumentId", 7)));
        submit(other, submission(foreign, other, "FA (3)", "<Faktura>3</Faktura>", null));

        Map<String, List<JsonNode>> found = assignments(Set.of(first, second, foreign), 3);
        String session = found.get(first).get(0).get("referenceNumber").asText();
        JsonNode templated = found.get(second).get(0);
        assertEquals(session, templated.get("referenceNumber").asText());
        assertFalse(templated.has("invoiceXml"));
        assertEquals(42, templated.at("/template/saleDocumentId").asInt());
        assertEquals("2026-12-01", templated.at("/template/issueDate").asText());
        assertEquals(7, templated.at("/template/recurringDocumentId").asInt());
        String foreignSession = found.get(foreign).get(0).get("referenceNumber").asText();
        assertNotEquals(session, foreignSession);
        assertEquals(other, found.get(foreign).get(0).at("/context/value").asText());
    }

    @Test
    void anotherFormCodeOfTheSameContextGetsItsOwnSession() throws Exception {
        String nip = randomNip();
        String fa3 = "fa3-" + UUID.randomUUID();
        String fa2 = "fa2-" + UUID.randomUUID();
        submit(nip, submission(fa3, nip, "FA (3)", "<Faktura>3</Faktura>", null));
        submit(nip, submission(fa2, nip, "FA (2)", "<Faktura>2</Faktura>", null));
        Map<String, List<JsonNode>> found = assignments(Set.of(fa3, fa2), 2);
        assertNotEquals(found.get(fa3).get(0).get("referenceNumber").asText(),
                found.get(fa2).get(0).get("referenceNumber").asText());
        assertEquals("FA (2)", found.get(fa2).get(0).at("/formCode/systemCode").asText());
    }

    @Test
    void theSameCorrelationIdDeliveredTwiceIsAssignedOnce() throws Exception {
        String nip = randomNip();
        String twice = "twice-" + UUID.randomUUID();
        String json = submission(twice, nip, "FA (3)", "<Faktura>1</Faktura>", null);
        submit(nip, json);
        submit(nip, json);
        String ceId = UUID.randomUUID().toString();
        KafkaProbe.publish(SubmissionEvents.SUBMISSIONS_TOPIC, nip, SubmissionEvents.REQUESTED, json, ceId);
        KafkaProbe.publish(SubmissionEvents.SUBMISSIONS_TOPIC, nip, SubmissionEvents.REQUESTED, json, ceId);
        // Same key, same partition: once the later marker is assigned, every repeat before it was consumed.
        String marker = "marker-" + UUID.randomUUID();
        submit(nip, submission(marker, nip, "FA (3)", "<Faktura>2</Faktura>", null));

        Map<String, List<JsonNode>> found = assignments(Set.of(twice, marker), 2);
        assertEquals(1, found.get(twice).size());
        assertEquals(found.get(twice).get(0).get("referenceNumber").asText(),
                found.get(marker).get(0).get("referenceNumber").asText());
    }

    @Test
    void malformedSubmissionsGoToTheDeadLetterTopicAndTheNextOneIsStillAssigned() throws Exception {
        String nip = randomNip();
        String topic = SubmissionEvents.SUBMISSIONS_TOPIC;
        KafkaProbe.publish(topic, nip, SubmissionEvents.REQUESTED, "this is not JSON");
        KafkaProbe.publishRaw(topic, nip, submission("raw-" + UUID.randomUUID(), nip, "FA (3)", "<x/>", null));
        KafkaProbe.publish(topic, nip, SubmissionEvents.REQUESTED,
                "{\"context\": {\"type\": \"Nip\", \"value\": \"" + nip + "\"}, \"invoiceXml\": \"<x/>\"}");
        KafkaProbe.publish(topic, nip, SubmissionEvents.REQUESTED,
                submission("pef-" + UUID.randomUUID(), nip, "PEF (3)", "<x/>", null));
        KafkaProbe.publish(topic, nip, SubmissionEvents.REQUESTED,
                submission("nip-" + UUID.randomUUID(), badNip(nip), "FA (3)", "<x/>", null));
        KafkaProbe.publish(topic, nip, SubmissionEvents.REQUESTED,
                submission("both-" + UUID.randomUUID(), nip, "FA (3)", "<x/>",
                        Map.of("saleDocumentId", 1, "issueDate", "2026-12-01")));
        KafkaProbe.publish(topic, nip, SubmissionEvents.REQUESTED,
                submission("date-" + UUID.randomUUID(), nip, "FA (3)", null,
                        Map.of("saleDocumentId", 1, "issueDate", "first of December")));
        String valid = "valid-" + UUID.randomUUID();
        submit(nip, submission(valid, nip, "FA (3)", "<Faktura>ok</Faktura>", null));

        assertEquals(1, assignments(Set.of(valid), 1).get(valid).size());
        List<ConsumerRecord<String, String>> dead = KafkaProbe.records(topic + ".dlq", nip, r -> true, 7, WAIT);
        List<String> reasons = dead.stream().map(r -> KafkaProbe.header(r, "dead-letter-reason")).toList();
        assertEquals(7, reasons.size(), reasons::toString);
        assertTrue(reasons.get(0).contains("payload is not JSON"), reasons.get(0));
        assertTrue(reasons.get(1).contains("missing ce_id or ce_type"), reasons.get(1));
        assertTrue(reasons.get(2).contains("correlationId is missing"), reasons.get(2));
        assertTrue(reasons.get(2).contains("formCode is missing"), reasons.get(2));
        assertTrue(reasons.get(3).contains("formCode is not supported"), reasons.get(3));
        assertTrue(reasons.get(4).contains("context.value is not a valid NIP"), reasons.get(4));
        assertTrue(reasons.get(5).contains("exactly one of invoiceXml and template"), reasons.get(5));
        assertTrue(reasons.get(6).contains("does not fit SubmissionRequested"), reasons.get(6));
    }

    @Test
    void anIdleEventSessionIsClosedAndTheNextSubmissionOpensANewOne() throws Exception {
        String nip = randomNip();
        String otherNip = randomNip();
        String correlationId = "idle-" + UUID.randomUUID();
        String otherId = "idle-other-" + UUID.randomUUID();
        // Two sessions idle at the same moment: one sweep closes both.
        submit(nip, submission(correlationId, nip, "FA (3)", "<Faktura>1</Faktura>", null));
        submit(otherNip, submission(otherId, otherNip, "FA (3)", "<Faktura>1</Faktura>", null));
        Map<String, List<JsonNode>> found = assignments(Set.of(correlationId, otherId), 2);
        String reference = found.get(correlationId).get(0).get("referenceNumber").asText();
        String otherReference = found.get(otherId).get(0).get("referenceNumber").asText();

        for (String session : List.of(reference, otherReference)) {
            List<ConsumerRecord<String, String>> closed = KafkaProbe.events(SESSION_EVENTS, session,
                    "ksef.session.closed.v1", 1, WAIT);
            assertEquals(1, closed.size());
            assertEquals("idle", JSON.readTree(closed.get(0).value()).get("reason").asText());
        }
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .get("/v2/sessions/" + reference).then().statusCode(200)
                .body("status.code", equalTo(170))
                .body("status.description", equalTo("Sesja interaktywna zamknięta"));

        String later = "later-" + UUID.randomUUID();
        submit(nip, submission(later, nip, "FA (3)", "<Faktura>2</Faktura>", null));
        assertNotEquals(reference, assignments(Set.of(later), 1).get(later).get(0).get("referenceNumber").asText());
    }

    @Test
    void anEventSessionClosedByAClientTakesNoMoreSubmissions() throws Exception {
        String nip = randomNip();
        String first = "before-close-" + UUID.randomUUID();
        submit(nip, submission(first, nip, "FA (3)", "<Faktura>1</Faktura>", null));
        String reference = assignments(Set.of(first), 1).get(first).get(0).get("referenceNumber").asText();
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .post("/v2/sessions/online/{ref}/close", reference).then().statusCode(204);

        // Submitted right after the close, before any idle sweep: the closed session must not take it.
        String next = "after-close-" + UUID.randomUUID();
        submit(nip, submission(next, nip, "FA (3)", "<Faktura>2</Faktura>", null));
        assertNotEquals(reference, assignments(Set.of(next), 1).get(next).get(0).get("referenceNumber").asText());
        // Closed once, by the client: no second close is announced for it.
        List<ConsumerRecord<String, String>> closes = KafkaProbe.events(SESSION_EVENTS, reference,
                "ksef.session.closed.v1", 2, Duration.ofSeconds(12));
        assertEquals(1, closes.size());
        assertEquals("closed", JSON.readTree(closes.get(0).value()).get("reason").asText());
    }

    @Test
    void aFullEventSessionIsClosedAndTheNextSubmissionOpensANewOne() throws Exception {
        String nip = randomNip();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            ids.add("full-" + i + "-" + UUID.randomUUID());
            submit(nip, submission(ids.get(i), nip, "FA (3)", "<Faktura>" + i + "</Faktura>", null));
        }
        Map<String, List<JsonNode>> found = assignments(Set.copyOf(ids), 6);
        String full = found.get(ids.get(0)).get(0).get("referenceNumber").asText();
        for (int i = 1; i < 5; i++) {
            assertEquals(full, found.get(ids.get(i)).get(0).get("referenceNumber").asText());
        }
        assertNotEquals(full, found.get(ids.get(5)).get(0).get("referenceNumber").asText());
        List<ConsumerRecord<String, String>> closed = KafkaProbe.events(SESSION_EVENTS, full,
                "ksef.session.closed.v1", 1, WAIT);
        assertEquals("full", JSON.readTree(closed.get(0).value()).get("reason").asText());
        // The close follows the fifth assignment on the session's partition.
        List<ConsumerRecord<String, String>> all = KafkaProbe.records(SESSION_EVENTS, full, r -> true, 7, WAIT);
        assertEquals("ksef.session.closed.v1", KafkaProbe.header(all.get(all.size() - 1), "ce_type"));
        assertEquals(7, all.size());
    }

    @Test
    void aBurstOfSubmissionsIsAssignedOnceEachInFullSessionsOfFive() throws Exception {
        String nip = randomNip();
        int count = 200;
        List<String> ids = new ArrayList<>();
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            for (int i = 0; i < count; i++) {
                ids.add("burst-" + i + "-" + UUID.randomUUID());
                ProducerRecord<String, String> record = new ProducerRecord<>(SubmissionEvents.SUBMISSIONS_TOPIC, nip,
                        submission(ids.get(i), nip, "FA (3)", "<Faktura>" + i + "</Faktura>", null));
                record.headers().add("ce_id", UUID.randomUUID().toString().getBytes(StandardCharsets.UTF_8))
                        .add("ce_type", SubmissionEvents.REQUESTED.getBytes(StandardCharsets.UTF_8));
                producer.send(record);
            }
            producer.flush();
        }
        Map<String, List<JsonNode>> found = assignments(Set.copyOf(ids), count);
        System.out.printf("%d submissions of one context assigned in %d ms%n", count,
                (System.nanoTime() - start) / 1_000_000);

        // In order: submissions 0-4 in the first session, 5-9 in the next, and so on.
        Map<String, Integer> perSession = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            assertEquals(1, found.get(ids.get(i)).size());
            String session = found.get(ids.get(i)).get(0).get("referenceNumber").asText();
            perSession.merge(session, 1, Integer::sum);
            assertEquals(found.get(ids.get(i - i % 5)).get(0).get("referenceNumber").asText(), session);
        }
        assertEquals(count / 5, perSession.size());
        assertTrue(perSession.values().stream().allMatch(n -> n == 5), perSession::toString);
    }

    private static void submit(String nip, String json) {
        KafkaProbe.publish(SubmissionEvents.SUBMISSIONS_TOPIC, nip, SubmissionEvents.REQUESTED, json);
    }

    private static String submission(String correlationId, String nip, String systemCode, String xml,
                                     Map<String, Object> template) throws Exception {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("correlationId", correlationId);
        body.put("context", Map.of("type", "Nip", "value", nip));
        body.put("formCode", Map.of("systemCode", systemCode, "schemaVersion", "1-0E", "value",
                systemCode.startsWith("PEF") ? "PEF" : "FA"));
        if (xml != null) {
            body.put("invoiceXml", xml);
        }
        if (template != null) {
            body.put("template", template);
        }
        body.put("requestedAt", "2026-11-24T10:15:30.123Z");
        body.put("source", "SubmissionAssignmentIT");
        return JSON.writeValueAsString(body);
    }

    /**
     * The {@code submission-assigned} events of these correlation ids (whatever session, so whatever key), read
     * until {@code count} were seen or the wait is over.
     */
    private static Map<String, List<JsonNode>> assignments(Set<String> correlationIds, int count) throws Exception {
        Map<String, List<JsonNode>> found = new LinkedHashMap<>();
        int seen = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfrastructure.kafkaBootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "probe-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"), new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(SESSION_EVENTS));
            long deadline = System.currentTimeMillis() + WAIT.toMillis();
            // Reads on a little after reaching the count, so that an unwanted repeat would be seen too.
            long settleUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settleUntil)) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    if (!SubmissionEvents.ASSIGNED.equals(KafkaProbe.header(record, "ce_type"))) {
                        continue;
                    }
                    JsonNode event = JSON.readTree(record.value());
                    String correlationId = event.path("correlationId").asText();
                    if (correlationIds.contains(correlationId)) {
                        assertEquals(event.get("referenceNumber").asText(), record.key());
                        found.computeIfAbsent(correlationId, k -> new ArrayList<>()).add(event);
                        seen++;
                    }
                }
                if (seen >= count && settleUntil == Long.MAX_VALUE) {
                    settleUntil = System.currentTimeMillis() + 1000;
                }
            }
        }
        assertEquals(count, seen, "assignments of " + correlationIds + ": " + found);
        return found;
    }

    /** A random NIP with a valid check digit. */
    static String randomNip() {
        int[] weights = {6, 5, 7, 2, 3, 4, 5, 6, 7};
        ThreadLocalRandom random = ThreadLocalRandom.current();
        while (true) {
            StringBuilder nip = new StringBuilder();
            int sum = 0;
            for (int i = 0; i < 9; i++) {
                int digit = i == 0 ? 1 + random.nextInt(9) : random.nextInt(10);
                nip.append(digit);
                sum += weights[i] * digit;
            }
            if (sum % 11 != 10) {
                return nip.append(sum % 11).toString();
            }
        }
    }

    private static String badNip(String nip) {
        char last = nip.charAt(9);
        return nip.substring(0, 9) + (last == '9' ? '0' : (char) (last + 1));
    }
}

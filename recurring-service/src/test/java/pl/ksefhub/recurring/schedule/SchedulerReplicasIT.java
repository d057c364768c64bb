package pl.ksefhub.recurring.schedule;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.recurring.support.Database;
import pl.ksefhub.recurring.support.Fixtures;
import pl.ksefhub.recurring.support.GreenMailResource;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static pl.ksefhub.recurring.support.Fixtures.as;

/**
 * Several schedulers on one database, as replicas of the service are: a backlog of due occurrences (documents whose
 * occurrences were missed while no replica ran) is issued by two issuer instances ticking concurrently from several
 * threads, besides the service's own scheduler. Every occurrence must be recorded and announced exactly once.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
@QuarkusTestResource(GreenMailResource.class)
class SchedulerReplicasIT {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    @Inject
    Instance<OccurrenceIssuer> issuers;

    @Test
    void missedOccurrencesAreIssuedExactlyOnceByConcurrentReplicas() throws Exception {
        String nip = Fixtures.randomNip();
        long sale = Fixtures.saleDocument(nip, "FV/REPLIKI/1");
        LocalDate today = LocalDate.now(WARSAW);
        // Start dates in the past; hour 0 so that today's occurrence is due too, whatever the time of the test.
        Map<Long, Schedule> documents = new LinkedHashMap<>();
        Map<Long, Integer> missed = new LinkedHashMap<>();
        long weekly = inactiveDocument(nip, sale, "week", today.minusWeeks(12));
        missed.put(weekly, 13);
        long twoMonthly = inactiveDocument(nip, sale, "two months", today.minusMonths(13));
        missed.put(twoMonthly, 7);
        long yearly = inactiveDocument(nip, sale, "year", today.minusYears(3));
        missed.put(yearly, 4);
        long halfYearly = inactiveDocument(nip, sale, "six months", today);
        missed.put(halfYearly, 1);
        LocalDate monthEnd = today.minusMonths(7).withDayOfMonth(today.minusMonths(7).lengthOfMonth());
        long monthly = inactiveDocument(nip, sale, "month", monthEnd);
        for (Long id : List.of(weekly, twoMonthly, yearly, halfYearly, monthly)) {
            documents.put(id, backlogSinceStart(id));
        }

        OccurrenceIssuer first = issuers.get();
        OccurrenceIssuer second = issuers.get();
        assertNotSame(first, second);
        Instant now = Instant.now();
        ExecutorService threads = Executors.newFixedThreadPool(6);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> ticks = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            OccurrenceIssuer replica = i % 2 == 0 ? first : second;
            ticks.add(threads.submit(() -> {
                start.await();
                int issued = 0;
                for (int round = 0; round < 5; round++) {
                    issued += tick(replica, now);
                }
                return issued;
            }));
        }
        start.countDown();
        for (Future<Integer> tick : ticks) {
            tick.get(120, TimeUnit.SECONDS);
        }
        threads.shutdown();
        // A tick skips what another replica holds; that one (maybe the service's own scheduler) finishes it.
        await().atMost(Duration.ofSeconds(30)).until(() -> stillDue(documents.keySet(), now) == 0);

        int expectedTotal = 0;
        try (Connection db = Database.connect()) {
            for (Map.Entry<Long, Schedule> document : documents.entrySet()) {
                Schedule schedule = document.getValue();
                long due = schedule.firstIndexAtOrAfter(now.plusMillis(1));
                List<String> expected = new ArrayList<>();
                for (long n = 0; n < due; n++) {
                    expected.add(n + "|" + schedule.occurrence(n).toInstant() + "|"
                            + Occurrence.correlationId(document.getKey(), schedule.dateOf(n)));
                }
                assertEquals(expected, occurrences(db, document.getKey()), "document " + document.getKey());
                if (missed.containsKey(document.getKey())) {
                    assertEquals(missed.get(document.getKey()), expected.size());
                }
                for (String occurrence : expected) {
                    String correlationId = occurrence.substring(occurrence.lastIndexOf('|') + 1);
                    assertEquals(1, submissionsInOutbox(db, correlationId), correlationId);
                }
                expectedTotal += expected.size();
            }
        }

        // And on Kafka: one submission.requested per occurrence, none twice.
        List<ConsumerRecord<String, String>> published = KafkaProbe.events("ksef.submissions", nip,
                SubmissionRequested.TYPE, expectedTotal + 1, Duration.ofSeconds(15));
        Set<String> correlationIds = new HashSet<>();
        for (ConsumerRecord<String, String> record : published) {
            JsonNode event = Fixtures.JSON.readTree(record.value());
            correlationIds.add(event.get("correlationId").asText());
        }
        assertEquals(expectedTotal, published.size());
        assertEquals(expectedTotal, correlationIds.size());
    }

    @Test
    void aReplicaWithAStaleCursorCannotIssueAnOccurrenceAgain() throws Exception {
        String nip = Fixtures.randomNip();
        long sale = Fixtures.saleDocument(nip, "FV/STARY-KURSOR/1");
        long id = inactiveDocument(nip, sale, "week", LocalDate.now(WARSAW).minusWeeks(3));
        Schedule schedule = backlogSinceStart(id);
        Instant now = Instant.now();
        OccurrenceIssuer issuer = issuers.get();
        tick(issuer, now);
        await().atMost(Duration.ofSeconds(30)).until(() -> stillDue(Set.of(id), now) == 0);
        try (Connection db = Database.connect()) {
            List<String> issued = occurrences(db, id);
            assertEquals(4, issued.size());
            // As if a replica had read the document before the others moved its cursor on.
            resetCursor(db, id, schedule);
            assertEquals(0, tick(issuer, now));
            await().atMost(Duration.ofSeconds(30)).until(() -> stillDue(Set.of(id), now) == 0);
            assertEquals(issued, occurrences(db, id));
            for (String occurrence : issued) {
                assertEquals(1, submissionsInOutbox(db, occurrence.substring(occurrence.lastIndexOf('|') + 1)));
            }
        }
    }

    /** One scheduler tick of that issuer, on a Vert.x context of its own (as the scheduler runs it). */
    private static int tick(OccurrenceIssuer issuer, Instant now) {
        try {
            return VertxContextSupport.subscribeAndAwait(() -> issuer.issueDue(now));
        } catch (Throwable e) {
            throw new IllegalStateException(e);
        }
    }

    /** Added through the API inactive (so no scheduler issues anything yet), hour 0. */
    private static long inactiveDocument(String nip, long sale, String interval, LocalDate startDate) {
        return as(nip).body(Map.of("name", "Replika " + interval, "idSaleDocument", sale, "intervalTimeType", interval,
                        "startDate", startDate.toString(), "hourToSend", "0", "active", "false"))
                .post("/api/recurring-documents/add").then().statusCode(200)
                .extract().jsonPath().getLong("response.id");
    }

    /** Activates the document with its cursor at its start date: every occurrence since then is missed. */
    private static Schedule backlogSinceStart(long id) throws Exception {
        try (Connection db = Database.connect();
             PreparedStatement read = db.prepareStatement(
                     "select start_date, interval_type, hour_to_send from recurring_document where id = ?")) {
            read.setLong(1, id);
            try (ResultSet rs = read.executeQuery()) {
                rs.next();
                Schedule schedule = new Schedule(rs.getDate(1).toLocalDate(),
                        IntervalType.ofCode(rs.getString(2)).orElseThrow(), rs.getInt(3), WARSAW);
                try (PreparedStatement activate = db.prepareStatement("update recurring_document set active = true"
                        + " where id = ?")) {
                    activate.setLong(1, id);
                    activate.executeUpdate();
                }
                resetCursor(db, id, schedule);
                return schedule;
            }
        }
    }

    private static int stillDue(Set<Long> ids, Instant now) throws Exception {
        try (Connection db = Database.connect();
             PreparedStatement query = db.prepareStatement("select count(*) from recurring_document"
                     + " where id = any(?) and next_due_at <= ?")) {
            query.setArray(1, db.createArrayOf("bigint", ids.toArray()));
            query.setTimestamp(2, Timestamp.from(now));
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private static void resetCursor(Connection db, long id, Schedule schedule) throws Exception {
        try (PreparedStatement update = db.prepareStatement(
                "update recurring_document set next_occurrence = 0, next_due_at = ? where id = ?")) {
            update.setTimestamp(1, Timestamp.from(schedule.occurrence(0).toInstant()));
            update.setLong(2, id);
            update.executeUpdate();
        }
    }

    private static List<String> occurrences(Connection db, long documentId) throws Exception {
        List<String> found = new ArrayList<>();
        try (PreparedStatement query = db.prepareStatement("select occurrence_index, due_at, correlation_id"
                + " from recurring_occurrence where recurring_document_id = ? order by occurrence_index, id")) {
            query.setLong(1, documentId);
            try (ResultSet rs = query.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getInt(1) + "|" + rs.getTimestamp(2).toInstant() + "|" + rs.getString(3));
                }
            }
        }
        return found;
    }

    private static int submissionsInOutbox(Connection db, String correlationId) throws Exception {
        try (PreparedStatement query = db.prepareStatement("select count(*) from outbox_event"
                + " where event_type = 'ksef.submission.requested.v1' and payload::jsonb ->> 'correlationId' = ?")) {
            query.setString(1, correlationId);
            try (ResultSet rs = query.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}

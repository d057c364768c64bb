package pl.ksefhub.upo.flow;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestInfrastructure;
import pl.ksefhub.testsupport.TestTokens;

import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code session.deletion-requested}: every UPO and projection row of the session goes, once, and is confirmed. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class SessionPurgeIT {

    private static final String DELETION_REQUESTED = "ksef.session.deletion-requested.v1";
    private static final String PURGED = "ksef.session.upos-purged.v1";

    @Test
    void aDeletedSessionLosesItsUposAndProjectionsAndThePurgeIsConfirmedOnce() throws Exception {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        KafkaEvents.publish(TestEvents.SESSION_EVENTS, session, TestEvents.SESSION_OPENED, KafkaEvents.newEventId(),
                TestEvents.sessionOpened(session, nip));
        for (int ordinal = 1; ordinal <= 2; ordinal++) {
            KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                    KafkaEvents.newEventId(), TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(), ordinal,
                            TestEvents.ksefNumber(nip), nip, null));
        }
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICES_SETTLED, KafkaEvents.newEventId(),
                TestEvents.invoicesSettled(session, 2, 2));
        ConsumerRecord<String, String> sessionUpo = KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1,
                r -> "session".equals(KafkaEvents.payload(r).path("scope").asText()), Duration.ofSeconds(60)).get(0);
        String upoRef = KafkaEvents.payload(sessionUpo).path("pages").get(0).path("referenceNumber").asText();
        URI download = URI.create(KafkaEvents.payload(sessionUpo).path("pages").get(0).path("downloadUrl").asText());
        assertEquals(3, count("select count(*) from upo_document where session_reference_number = ?", session));
        assertEquals(2, count("select count(*) from upo_invoice where session_reference_number = ?", session));

        String deletion = KafkaEvents.newEventId();
        KafkaEvents.publish(TestEvents.SESSION_EVENTS, session, DELETION_REQUESTED, deletion,
                deletionRequested(session));
        List<ConsumerRecord<String, String>> purged = KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1,
                r -> PURGED.equals(KafkaEvents.header(r, "ce_type")), Duration.ofSeconds(30));
        JsonNode event = KafkaEvents.payload(purged.get(0));
        assertEquals(session, event.path("referenceNumber").asText());
        assertEquals(3, event.path("upoCount").asInt());

        assertEquals(0, rowsOf(session) - outboxRows(session));
        assertEquals(1, outboxRows(session)); // the confirmation itself
        given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .get("/v2/sessions/{ref}/upo/{upo}", session, upoRef).then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
        int status = given().urlEncodingEnabled(false).get(download.getRawPath() + "?" + download.getRawQuery())
                .then().extract().statusCode();
        assertTrue(status == 404, "a signed link of a purged UPO: " + status);

        // Redelivered: nothing more.
        KafkaEvents.publish(TestEvents.SESSION_EVENTS, session, DELETION_REQUESTED, deletion,
                deletionRequested(session));
        // session.deleted: the confirmation was read, its row goes too.
        KafkaEvents.publish(TestEvents.SESSION_EVENTS, session, "ksef.session.deleted.v1", KafkaEvents.newEventId(),
                Map.of("referenceNumber", session));
        await().atMost(Duration.ofSeconds(30)).until(() -> rowsOf(session) == 0);
        assertEquals(1, KafkaEvents.all(TestEvents.UPO_EVENTS, session).stream()
                .filter(r -> PURGED.equals(KafkaEvents.header(r, "ce_type"))).count());
        assertEquals(1, count("select count(*) from processed_event where event_id = ?", deletion));
    }

    private static Map<String, Object> deletionRequested(String session) {
        return Map.of("referenceNumber", session, "context", Map.of("type", "Nip", "value", "5265877635"),
                "requestedAt", "2026-01-01T00:00:00Z");
    }

    /** Every row of this service's tables that carries the session. */
    private static long rowsOf(String session) throws Exception {
        return count("select count(*) from upo_document where session_reference_number = ?", session)
                + count("select count(*) from upo_invoice where session_reference_number = ?", session)
                + count("select count(*) from upo_session where reference_number = ?", session)
                + outboxRows(session);
    }

    private static long outboxRows(String session) throws Exception {
        return count("select count(*) from outbox_event where record_key = ?", session);
    }

    private static long count(String sql, String value) throws Exception {
        try (Connection db = DriverManager.getConnection(TestInfrastructure.database("ksef_upo"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
             PreparedStatement statement = db.prepareStatement(sql)) {
            statement.setString(1, value);
            try (ResultSet rs = statement.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}

package pl.ksefhub.upo.flow;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.testsupport.DatabaseOutage;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestInfrastructure;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The database goes away while an accepted invoice is consumed: the invoice waits (its partition too) and gets its
 * UPO once the database is back; it is never dead-lettered. A redelivery changes nothing; an invalid record is
 * dead-lettered with its reason.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class DatabaseOutageIT {

    private static final String CONSUMER = "upo-service.invoice-events";

    @Inject
    MeterRegistry metrics;

    @Test
    void anInvoiceAcceptedDuringADatabaseOutageGetsItsUpoOnceTheDatabaseIsBackAndOnlyOnce() throws Exception {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        Map<String, Object> accepted = TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(), 1,
                TestEvents.ksefNumber(nip), nip, null);
        String eventId = KafkaEvents.newEventId();
        double waitsBefore = waits();
        try (DatabaseOutage outage = DatabaseOutage.of("ksef_upo")) {
            KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED, eventId, accepted);
            await().atMost(Duration.ofSeconds(30)).until(() -> waits() > waitsBefore);
        }
        KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1, r -> true, Duration.ofSeconds(60));
        assertEquals(1, documentsOf(session));

        RecordMetadata again = KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                eventId, accepted);
        Map<String, Object> invalid = new HashMap<>(accepted);
        invalid.remove("ksefNumber");
        String invalidId = KafkaEvents.newEventId();
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED, invalidId, invalid);

        await().atMost(Duration.ofSeconds(30)).until(() -> KafkaEvents.consumedByGroup("upo-service", again));
        List<ConsumerRecord<String, String>> dead = KafkaEvents.await(TestEvents.INVOICE_EVENTS + ".dlq", session, 1,
                r -> true, Duration.ofSeconds(30));
        assertEquals(1, dead.size(), "only the invalid record is dead-lettered");
        assertEquals(invalidId, KafkaEvents.header(dead.get(0), "ce_id"));
        assertTrue(KafkaEvents.header(dead.get(0), "dead-letter-reason").contains("ksefNumber"),
                KafkaEvents.header(dead.get(0), "dead-letter-reason"));
        assertEquals(1, documentsOf(session), "the redelivery made no second UPO");
        assertEquals(1, KafkaEvents.all(TestEvents.UPO_EVENTS, session).size());
    }

    private double waits() {
        Counter counter = metrics.find(EventConsumer.WAITS).tag("consumer", CONSUMER).counter();
        return counter == null ? 0 : counter.count();
    }

    private static int documentsOf(String session) throws Exception {
        try (Connection connection = DriverManager.getConnection(TestInfrastructure.database("ksef_upo"),
                TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
             PreparedStatement statement = connection.prepareStatement(
                     "select count(*) from upo_document where session_reference_number = ?")) {
            statement.setString(1, session);
            try (ResultSet rows = statement.executeQuery()) {
                rows.next();
                return rows.getInt(1);
            }
        }
    }
}

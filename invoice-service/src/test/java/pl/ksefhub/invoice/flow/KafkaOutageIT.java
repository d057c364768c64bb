package pl.ksefhub.invoice.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;
import pl.ksefhub.invoice.support.TestSession;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestInfrastructure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The broker down: invoices are still taken and processed, and every event reaches Kafka once it is back. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_invoice"))
class KafkaOutageIT {

    private static final int INVOICES = 10;

    @Inject
    PlatformKeys keys;

    @Test
    void invoicesSentWhileKafkaIsDownAreTakenAndTheirEventsDeliveredAfterwards() {
        TestSession session = TestSession.fa3(keys).announceAndAwait();
        List<String> sent = new ArrayList<>();
        TestInfrastructure.stopKafka();
        try {
            for (int i = 0; i < INVOICES; i++) {
                sent.add(session.send(InvoiceSamples.fa3(session.nip, InvoiceSamples.uniqueNumber())));
            }
            for (String invoiceRef : sent) {
                assertEquals(200, session.awaitFinalStatus(invoiceRef));
            }
        } finally {
            TestInfrastructure.startKafka();
        }
        // The relay delivers at least once (a batch that timed out may have reached the broker before it is sent
        // again); consumers drop repeats by ce_id, so what counts is one distinct event per invoice.
        await().atMost(Duration.ofSeconds(90)).until(() -> distinctEvents(session, "ksef.invoice.accepted.v1")
                .values().containsAll(sent));
        Map<String, String> accepted = distinctEvents(session, "ksef.invoice.accepted.v1");
        assertEquals(INVOICES, accepted.size());
        assertEquals(new HashSet<>(sent), new HashSet<>(accepted.values()));
        assertEquals(INVOICES, distinctEvents(session, "ksef.invoice.received.v1").size());
    }

    /** ce_id → invoice reference number of the session's events of this type on the broker now. */
    private static Map<String, String> distinctEvents(TestSession session, String type) {
        Map<String, String> byId = new HashMap<>();
        for (ConsumerRecord<String, String> record : KafkaProbe.events(TestSession.INVOICE_TOPIC,
                session.referenceNumber, type, Integer.MAX_VALUE, Duration.ofSeconds(3))) {
            byId.put(KafkaProbe.header(record, "ce_id"),
                    record.value().replaceAll(".*\"invoiceReferenceNumber\":\"([^\"]+)\".*", "$1"));
        }
        return byId;
    }
}

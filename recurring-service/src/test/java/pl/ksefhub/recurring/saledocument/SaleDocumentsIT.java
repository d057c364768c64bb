package pl.ksefhub.recurring.saledocument;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.recurring.support.Fixtures;
import pl.ksefhub.recurring.support.GreenMailResource;
import pl.ksefhub.testsupport.DatabaseOutage;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.recurring.support.Fixtures.as;
import static pl.ksefhub.recurring.support.Fixtures.randomNip;

/** The sale-document projection fed by {@code invoice.accepted}, and {@code GET /api/sale-documents}. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
@QuarkusTestResource(GreenMailResource.class)
class SaleDocumentsIT {

    @Inject
    MeterRegistry metrics;

    @Test
    void anAcceptedInvoiceBecomesASaleDocumentFoundByKsefNumberOrInvoiceNumber() {
        String nip = randomNip();
        long id = Fixtures.nextInvoiceId();
        String ksefNumber = Fixtures.ksefNumber(nip);
        Map<String, Object> event = Fixtures.publishAccepted(nip, id, "FV/11/2026", ksefNumber, null, null);
        Fixtures.awaitSaleDocument(nip, id);
        as(nip).queryParam("ksefNumber", ksefNumber).get("/api/sale-documents").then().statusCode(200)
                .body("success", equalTo(true))
                .body("response.params.total", equalTo(1))
                .body("response.params.ksefNumber", equalTo(ksefNumber))
                .body("response.list", hasSize(1))
                .body("response.list[0].id", equalTo(id))
                .body("response.list[0].invoiceNumber", equalTo("FV/11/2026"))
                .body("response.list[0].ksefNumber", equalTo(ksefNumber))
                .body("response.list[0].issueDate", equalTo(event.get("issueDate")));
        as(nip).queryParam("invoiceNumber", "FV/11/2026").get("/api/sale-documents").then()
                .body("response.list.id", contains(id));
        as(nip).queryParam("invoiceNumber", "FV/12/2026").get("/api/sale-documents").then()
                .body("response.params.total", equalTo(0));
    }

    @Test
    void saleDocumentsArePagedNewestFirstAndOnlyTheCallersContextIsListed() {
        String nip = randomNip();
        long first = Fixtures.saleDocument(nip, "FV/1/2026");
        long second = Fixtures.saleDocument(nip, "FV/2/2026");
        long third = Fixtures.saleDocument(nip, "FV/3/2026");
        long foreign = Fixtures.saleDocument(randomNip(), "FV/1/2026");
        as(nip).queryParam("size", 2).get("/api/sale-documents").then()
                .body("response.params.total", equalTo(3))
                .body("response.list.id", contains(third, second));
        as(nip).queryParam("size", 2).queryParam("page", 2).get("/api/sale-documents").then()
                .body("response.list.id", contains(first));
        as(nip).get("/api/sale-documents/" + foreign).then().statusCode(200)
                .body("success", equalTo(false))
                .body("response", equalTo("Nie znaleziono dokumentu sprzedaży o id " + foreign));
        as(nip).get("/api/sale-documents/abc").then().body("success", equalTo(false))
                .body("response", equalTo("Nie znaleziono dokumentu sprzedaży o id abc"));
        as(nip).queryParam("page", "x").get("/api/sale-documents").then().body("success", equalTo(false))
                .body("response", equalTo("Nieprawidłowa wartość parametru page: 'x' (oczekiwana liczba od 1 do"
                        + " 2147483647)"));
        as(nip).queryParam("size", 0).get("/api/sale-documents").then().body("success", equalTo(false))
                .body("response", equalTo("Nieprawidłowa wartość parametru size: '0' (oczekiwana liczba od 1 do 1000)"));
    }

    @Test
    void aMalformedInvoiceEventGoesToTheDeadLetterTopicAndTheNextOneIsStillApplied() {
        String nip = randomNip();
        String key = "malformed-" + nip;
        KafkaProbe.publishRaw("ksef.invoice.events", key, "not json at all");
        KafkaProbe.publish("ksef.invoice.events", key, "ksef.invoice.accepted.v1",
                "{\"invoiceId\": \"abc\", \"context\": {\"type\": \"Nip\", \"value\": \"" + nip + "\"}}");
        assertEquals(2, KafkaProbe.records("ksef.invoice.events.dlq", key, r -> true, 2, Duration.ofSeconds(30))
                .size());
        long id = Fixtures.saleDocument(nip, "FV/po-błędzie");
        as(nip).get("/api/sale-documents/" + id).then().body("response.invoiceNumber", equalTo("FV/po-błędzie"));
    }

    @Test
    void anAcceptedInvoiceMetByADatabaseOutageBecomesASaleDocumentOnceTheDatabaseIsBackAndOnlyOnce() {
        String nip = randomNip();
        long id = Fixtures.nextInvoiceId();
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        String payload = Fixtures.json(Map.of("referenceNumber", session, "invoiceId", id,
                "ksefNumber", Fixtures.ksefNumber(nip), "invoiceNumber", "FV/O/1", "issueDate", "2026-11-24",
                "context", Map.of("type", "Nip", "value", nip)));
        double waitsBefore = waits();
        String ceId;
        try (DatabaseOutage outage = DatabaseOutage.of("ksef_recurring")) {
            ceId = KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1", payload);
            // The consumer met the outage and waits, rather than dead-letter the record or skip it.
            await().atMost(Duration.ofSeconds(30)).until(() -> waits() > waitsBefore);
        }
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> as(nip).get("/api/sale-documents/" + id)
                .then().statusCode(200).body("success", equalTo(true)));

        KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1",
                payload.replace("FV/O/1", "FV/O/changed"), ceId);
        // Then an invalid one on the same partition: once it is dead-lettered, the redelivery was consumed before.
        String invalid = KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1",
                Fixtures.json(Map.of("referenceNumber", session, "invoiceId", id + 1_000_000)));
        List<ConsumerRecord<String, String>> dead = KafkaProbe.records("ksef.invoice.events.dlq", session,
                r -> true, 1, Duration.ofSeconds(30));
        assertEquals(1, dead.size(), "only the invalid record is dead-lettered");
        assertEquals(invalid, KafkaProbe.header(dead.get(0), "ce_id"));
        assertEquals("invoice.accepted without invoiceId, ksefNumber, invoiceNumber or context",
                KafkaProbe.header(dead.get(0), "dead-letter-reason"));
        as(nip).get("/api/sale-documents/" + id).then().body("response.invoiceNumber", equalTo("FV/O/1"));
    }

    private double waits() {
        Counter counter = metrics.find(EventConsumer.WAITS).tag("consumer", "recurring-service.invoice-events")
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void aRedeliveredAcceptedEventChangesNothing() {
        String nip = randomNip();
        long id = Fixtures.nextInvoiceId();
        String session = "20261124-SO-0000000000-0000000000-00";
        String payload = Fixtures.json(Map.of("referenceNumber", session, "invoiceId", id,
                "ksefNumber", Fixtures.ksefNumber(nip), "invoiceNumber", "FV/R/1", "issueDate", "2026-11-24",
                "context", Map.of("type", "Nip", "value", nip)));
        String ceId = KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1", payload);
        Fixtures.awaitSaleDocument(nip, id);
        KafkaProbe.publish("ksef.invoice.events", session, "ksef.invoice.accepted.v1",
                payload.replace("FV/R/1", "FV/R/changed"), ceId);
        long marker = Fixtures.saleDocument(nip, "FV/R/marker"); // published after the redelivery, same topic
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> as(nip).get("/api/sale-documents/" + marker)
                .then().body("success", equalTo(true)));
        as(nip).get("/api/sale-documents/" + id).then().body("response.invoiceNumber", equalTo("FV/R/1"));
    }
}

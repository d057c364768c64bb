package pl.ksefhub.session.deletion;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.Duration;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code DELETE /v2/sessions/{ref}} in test mode (the default of the tests): any finished session may go. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class SessionDeletionIT {

    @Inject
    PlatformKeys keys;
    DeletionFixtures sessions;

    @BeforeEach
    void fixtures() {
        sessions = new DeletionFixtures(keys);
    }

    @Test
    void aProcessedSessionIsMarkedAsBeingDeletedAndGoesOnceEveryServiceConfirmedItsPurge() throws Exception {
        String nip = TestDataClient.randomNip();
        String reference = sessions.processedWithOneAcceptedInvoice(nip);
        // A confirmation before any deletion was asked for counts for nothing.
        String early = KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-purged.v1",
                purged(reference));
        await().atMost(Duration.ofSeconds(20)).until(() -> DeletionFixtures.count(
                "select count(*) from processed_event where event_id = ?", early) == 1);

        sessions.delete(nip, reference).statusCode(200)
                .body("message", equalTo("Usuwanie sesji rozpoczęte."))
                .body("referenceNumber", equalTo(reference));
        sessions.status(nip, reference).statusCode(200)
                .body("status.code", equalTo(200))
                .body("status.description", equalTo("Sesja w trakcie usuwania"))
                .body("status.details[0]", startsWith("Usunięcie sesji zlecono "))
                .body("upo", nullValue());
        // Asked again while it runs: the same answer, no second request.
        sessions.delete(nip, reference).statusCode(200).body("referenceNumber", equalTo(reference));
        List<ConsumerRecord<String, String>> requested = KafkaProbe.events("ksef.session.events", reference,
                "ksef.session.deletion-requested.v1", 1, Duration.ofSeconds(15));
        assertEquals(1, requested.size());
        assertTrue(requested.get(0).value().contains("\"value\":\"" + nip + "\""));
        assertEquals(1, DeletionFixtures.count("select count(*) from outbox_event where record_key = ?"
                + " and event_type = 'ksef.session.deletion-requested.v1'", reference));

        String upos = KafkaProbe.publish("ksef.upo.events", reference, "ksef.session.upos-purged.v1",
                purged(reference));
        KafkaProbe.publish("ksef.upo.events", reference, "ksef.session.upos-purged.v1", purged(reference), upos);
        KafkaProbe.publish("ksef.recurring.events", reference, "ksef.session.sale-documents-purged.v1",
                purged(reference));
        await().atMost(Duration.ofSeconds(20)).until(() -> DeletionFixtures.count("select count(*)"
                + " from ksef_session where reference_number = ? and upos_purged and sale_documents_purged",
                reference) == 1);
        sessions.status(nip, reference).statusCode(200)
                .body("status.description", equalTo("Sesja w trakcie usuwania"));

        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-purged.v1", purged(reference));
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> sessions.status(nip, reference).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173)));
        assertEquals(1, KafkaProbe.events("ksef.session.events", reference, "ksef.session.deleted.v1", 1,
                Duration.ofSeconds(15)).size());
        assertEquals(0, DeletionFixtures.count("select count(*) from ksef_session where reference_number = ?",
                reference));
        // Of the session's outbox rows only the announcement of its deletion is left.
        assertEquals(List.of(), outboxTypesOtherThanDeleted(reference));

        // Late events of the deleted session recreate nothing.
        String invoice = "{\"referenceNumber\":\"" + reference + "\"}";
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.invoice.accepted.v1", invoice);
        KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-settled.v1",
                DeletionFixtures.settled(reference, 1, 1, 0));
        String last = KafkaProbe.publish("ksef.invoice.events", reference, "ksef.session.invoices-purged.v1",
                purged(reference));
        await().atMost(Duration.ofSeconds(20)).until(() -> DeletionFixtures.count(
                "select count(*) from processed_event where event_id = ?", last) == 1);
        assertEquals(0, DeletionFixtures.count("select count(*) from ksef_session where reference_number = ?",
                reference));
        sessions.delete(nip, reference).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
    }

    @Test
    void sessionsThatAreOpenOrStillProcessedAreRefusedWith21180() {
        String nip = TestDataClient.randomNip();
        String open = sessions.open(nip);
        sessions.delete(nip, open).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21180))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Status sesji nie pozwala na wykonanie operacji."))
                .body("exception.exceptionDetailList[0].details[0]", equalTo("Status sesji 100 uniemożliwia jej"
                        + " usunięcie: sesja jest otwarta lub jej faktury są jeszcze przetwarzane."))
                .body("exception.serviceName", equalTo("session-service"));

        // Closed with an invoice, not yet settled: 170.
        String closed = sessions.open(nip);
        KafkaProbe.publish("ksef.invoice.events", closed, "ksef.invoice.received.v1",
                "{\"referenceNumber\":\"" + closed + "\"}");
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> sessions.status(nip, closed)
                .body("invoiceCount", equalTo(1)));
        sessions.close(nip, closed);
        sessions.delete(nip, closed).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21180))
                .body("exception.exceptionDetailList[0].details[0]", startsWith("Status sesji 170 "));
        sessions.status(nip, closed).body("status.description", equalTo("Sesja interaktywna zamknięta"));
    }

    @Test
    void anUnknownSessionOrOneOfAnotherContextIsRefusedWith21173() {
        String nip = TestDataClient.randomNip();
        String unknown = ReferenceNumbers.next("SO");
        sessions.delete(nip, unknown).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Brak sesji o wskazanym numerze referencyjnym."))
                .body("exception.exceptionDetailList[0].details[0]",
                        equalTo("Sesja o numerze referencyjnym " + unknown + " nie została znaleziona."));

        String foreign = sessions.cancelledWithoutInvoices(nip);
        sessions.delete(TestDataClient.randomNip(), foreign).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21173));
        sessions.status(nip, foreign).body("status.description", equalTo("Sesja anulowana"));

        given().header("X-Error-Format", "problem-details").auth().oauth2(
                        pl.ksefhub.testsupport.TestTokens.accessToken(nip))
                .delete("/v2/sessions/{ref}", unknown).then().statusCode(400)
                .body("errors.code", hasItem(21173));
        given().delete("/v2/sessions/{ref}", foreign).then().statusCode(401);
    }

    private static String purged(String reference) {
        return "{\"referenceNumber\":\"" + reference + "\",\"purgedAt\":\"2026-01-01T00:00:00Z\"}";
    }

    private static List<String> outboxTypesOtherThanDeleted(String reference) throws Exception {
        long others = DeletionFixtures.count("select count(*) from outbox_event where record_key = ?"
                + " and event_type <> 'ksef.session.deleted.v1'", reference);
        return others == 0 ? List.of() : List.of(others + " rows");
    }
}

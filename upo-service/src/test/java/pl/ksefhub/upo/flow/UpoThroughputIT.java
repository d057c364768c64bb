package pl.ksefhub.upo.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;
import pl.ksefhub.upo.document.UpoFixtures;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Five hundred invoice.accepted events published at once → each invoice UPO signed, stored and announced once; then
 * the session UPO of them all. It prints the rate on this machine but asserts no speed: rates belong to the
 * benchmarks ({@code bin/benchmark}), and a timed assertion only flakes on a shared machine.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class UpoThroughputIT {

    private static final int INVOICES = 500;

    @Test
    void fiveHundredInvoicesGetOneUpoEachAndTheSessionUpoListsThemAll() throws Exception {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        warmUp(nip);
        List<Map<String, Object>> payloads = new ArrayList<>();
        for (int i = 1; i <= INVOICES; i++) {
            payloads.add(TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(), i, TestEvents.ksefNumber(nip),
                    nip, null));
        }

        long start = System.nanoTime();
        for (Map<String, Object> payload : payloads) {
            KafkaEvents.publishAsync(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED,
                    KafkaEvents.newEventId(), payload);
        }
        KafkaEvents.flush();
        List<ConsumerRecord<String, String>> announced = KafkaEvents.await(TestEvents.UPO_EVENTS, session, INVOICES,
                r -> true, Duration.ofSeconds(120));
        double seconds = (System.nanoTime() - start) / 1e9;
        double perSecond = INVOICES / seconds;
        System.out.printf("%d invoice UPOs end to end in %.2f s: %.0f invoices/s%n", INVOICES, seconds, perSecond);

        long settledAt = System.nanoTime();
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICES_SETTLED,
                KafkaEvents.newEventId(), TestEvents.invoicesSettled(session, INVOICES, INVOICES));
        ConsumerRecord<String, String> sessionUpo = KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1,
                r -> "session".equals(KafkaEvents.payload(r).path("scope").asText()), Duration.ofSeconds(60)).get(0);
        System.out.printf("session UPO of %d invoices announced %.0f ms after settlement%n", INVOICES,
                (System.nanoTime() - settledAt) / 1e6);

        assertEquals(INVOICES, announced.size());
        String upoRef = KafkaEvents.payload(sessionUpo).path("pages").get(0).path("referenceNumber").asText();
        byte[] body = given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                .get("/v2/sessions/" + session + "/upo/" + upoRef).then().statusCode(200).extract().asByteArray();
        assertEquals(INVOICES, UpoFixtures.count(body, "Dokument"));
        assertTrue(UpoFixtures.signatureIsValid(body));
    }

    /** One invoice through the whole path first, so that class loading and connection set-up are not measured. */
    private static void warmUp(String nip) {
        String session = TestEvents.sessionRef();
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED, KafkaEvents.newEventId(),
                TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(), 1, TestEvents.ksefNumber(nip), nip,
                        null));
        KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1, r -> true, Duration.ofSeconds(60));
    }
}

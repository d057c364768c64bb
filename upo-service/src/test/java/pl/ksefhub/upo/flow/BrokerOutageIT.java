package pl.ksefhub.upo.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestInfrastructure;
import pl.ksefhub.testsupport.TestTokens;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The broker goes away and comes back: stored UPOs stay available, and nothing published meanwhile is lost. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class BrokerOutageIT {

    @Test
    void uposStayAvailableDuringABrokerOutageAndEventsFlowAgainAfterIt() {
        String nip = TestEvents.nip();
        String session = TestEvents.sessionRef();
        String before = TestEvents.invoiceRef();
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED, KafkaEvents.newEventId(),
                TestEvents.invoiceAccepted(session, before, 1, TestEvents.ksefNumber(nip), nip, null));
        KafkaEvents.await(TestEvents.UPO_EVENTS, session, 1, r -> true, Duration.ofSeconds(30));

        TestInfrastructure.stopKafka();
        try {
            given().header("Authorization", "Bearer " + TestTokens.accessToken(nip))
                    .get("/v2/sessions/" + session + "/invoices/" + before + "/upo").then().statusCode(200);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                    given().get("/q/health/ready").then().statusCode(503));
        } finally {
            TestInfrastructure.startKafka();
        }

        String after = TestEvents.invoiceRef();
        KafkaEvents.publish(TestEvents.INVOICE_EVENTS, session, TestEvents.INVOICE_ACCEPTED, KafkaEvents.newEventId(),
                TestEvents.invoiceAccepted(session, after, 2, TestEvents.ksefNumber(nip), nip, null));
        var announced = KafkaEvents.await(TestEvents.UPO_EVENTS, session, 2, r -> true, Duration.ofSeconds(90));
        assertEquals(after, KafkaEvents.payload(announced.get(1)).path("invoiceReferenceNumber").asText());
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200));
    }
}

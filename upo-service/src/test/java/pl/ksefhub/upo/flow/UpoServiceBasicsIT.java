package pl.ksefhub.upo.flow;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.Duration;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Health, metrics, OpenAPI, and the session-events consumer's dead-letter topic. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class UpoServiceBasicsIT {

    @Test
    void isReadyWhenItsDatabaseAndBrokerAnswer() {
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/q/health/ready").then().statusCode(200).body("status", equalTo("UP")));
        given().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void exposesMetricsAndItsOpenApiDocument() {
        given().get("/q/metrics").then().statusCode(200).body(containsString("ksef_outbox_backlog"));
        given().get("/q/openapi").then().statusCode(200).body(containsString("/v2/sessions/{referenceNumber}/upo"));
    }

    @Test
    void malformedSessionEventGoesToItsDeadLetterTopic() {
        String session = TestEvents.sessionRef();

        KafkaEvents.publish(TestEvents.SESSION_EVENTS, session, "ksef.session.opened.v1", KafkaEvents.newEventId(),
                "[\"not an object\"]");

        var dead = KafkaEvents.await(TestEvents.SESSION_EVENTS + ".dlq", session, 1, r -> true,
                Duration.ofSeconds(30)).get(0);
        assertEquals("[\"not an object\"]", dead.value());
    }
}

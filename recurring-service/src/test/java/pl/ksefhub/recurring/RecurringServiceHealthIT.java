package pl.ksefhub.recurring;

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

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_recurring"))
class RecurringServiceHealthIT {

    @Test
    void isReadyWhenItsDatabaseAndBrokerAnswerAndItHasReadTheRevocations() {
        // Ready once its revocations consumer has joined and read the topic to its end: moments after start.
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> given().when().get("/q/health/ready").then()
                .statusCode(200)
                .body("status", equalTo("UP"))
                .body("checks.find { it.name == 'auth-revocations-replayed' }.status", equalTo("UP")));
    }

    @Test
    void isLive() {
        given().when().get("/q/health/live").then().statusCode(200);
    }

    @Test
    void exposesPrometheusMetrics() {
        given().when().get("/q/metrics").then().statusCode(200).body(containsString("jvm_memory_used_bytes"));
    }

    @Test
    void publishesItsOpenApiDocument() {
        given().when().get("/q/openapi").then().statusCode(200);
    }

    @Test
    void unknownPathsAnswerWithAKsefErrorBodyNotAStackTrace() {
        given().when().get("/v2/nothing-here").then().statusCode(404);
    }
}

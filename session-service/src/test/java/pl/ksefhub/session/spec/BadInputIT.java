package pl.ksefhub.session.spec;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bad input that reached a 500 before (found by deploy's ApiFuzzSystemIT): each now gets a KSeF error body with a
 * 4xx and names nothing of the code.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class BadInputIT {

    @TestHTTPResource("/v2/tickets/5265877635")
    URI tickets;

    @Test
    void aNulCharacterInAPathParameterIsAValidationError() {
        given().auth().oauth2(TestTokens.accessToken(RandomIdentifiers.nip()))
                .urlEncodingEnabled(false)
                .get("/v2/tokens/%00")
                .then().statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
    }

    @Test
    void anAuthTokenRequestWithoutANamespaceIsASchemaError() {
        given().contentType("application/xml").body("<AuthTokenRequest><Challenge>x</Challenge></AuthTokenRequest>")
                .post("/v2/auth/xades-signature")
                .then().statusCode(400)
                .body("exception.exceptionDetailList.exceptionCode", hasItem(21401));
    }

    @Test
    void aContentTypeThatIsNoMediaTypeIs415() {
        given().auth().oauth2(TestTokens.accessToken(RandomIdentifiers.nip()))
                .header("Content-Type", "garbage").body("{}".getBytes(StandardCharsets.UTF_8))
                .post("/v2/tickets/5265877635")
                .then().statusCode(415)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(415));
    }

    @Test
    void theSameNewSubjectCreatedEightTimesAtOnceIsCreatedOnceAndRefusedAsExistingElse() throws Exception {
        String nip = RandomIdentifiers.nip();
        String body = "{\"subjectNip\":\"" + nip + "\",\"subjectType\":\"EnforcementAuthority\","
                + "\"description\":\"Centrala\"}";
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<Integer>> answers = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                answers.add(pool.submit(() -> given().contentType("application/json").body(body)
                        .post("/v2/testdata/subject").then().extract().statusCode()));
            }
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> answer : answers) {
                statuses.add(answer.get());
            }
            assertEquals(1, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(7, statuses.stream().filter(s -> s == 400).count(), statuses.toString());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aChunkedBodyOverTheLimitIs413() throws Exception {
        byte[] huge = new byte[11 * 1024 * 1024];
        Arrays.fill(huge, (byte) 'A');
        byte[] start = "{\"data\":\"".getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(start, 0, huge, 0, start.length);
        huge[huge.length - 2] = '"';
        huge[huge.length - 1] = '}';
        HttpResponse<String> answer = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(HttpRequest.newBuilder(tickets)
                        .header("Content-Type", "application/json")
                        .header("Authorization", "Bearer " + TestTokens.accessToken(RandomIdentifiers.nip()))
                        // No known length: sent chunked, so only Vert.x's limit stops it, while it is read.
                        .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(huge)))
                        .build(), HttpResponse.BodyHandlers.ofString());
        // Vert.x answers it (with an empty body) while the body is being read; before, the mapper then logged an
        // "unexpected failure" and tried to write a 500 over it.
        assertEquals(413, answer.statusCode(), answer.body());
    }
}

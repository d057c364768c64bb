package pl.ksefhub.session.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.TestProfile;
import io.quarkus.vertx.VertxContextSupport;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.session.auth.AuthSessionEvents.AuthSessionRevoked;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.Revocations;
import pl.ksefhub.testsupport.StrictRevocationProfile;

import javax.sql.DataSource;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.contains;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.auth.AuthClient.refresh;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertBadRequest;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertUnauthorized;

/**
 * With the operator's option {@code ksef.auth.revoke-access-tokens} on, a revoked authentication session stops
 * working everywhere: the revoke is announced on {@code ksef.auth.revocations}, and its access tokens are refused
 * (by this replica at once, by every service once the event reaches it); its refresh token is refused with KSeF's
 * 21301. Without the option, as in KSeF, see {@link AuthSessionRevocationIT}.
 */
@QuarkusTest
@TestProfile(StrictRevocationProfile.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class StrictAuthSessionRevocationIT {

    private static final String REVOKED_REFRESH =
            "Status uwierzytelnienia (425) nie pozwala na odświeżenie tokenu dostępowego.";
    private static final ObjectMapper JSON = new ObjectMapper();

    @Inject
    DataSource dataSource;
    @Inject
    AccessTokenVerifier verifier;
    @Inject
    AuthSessionService authSessions;

    @Test
    void revokingTheCurrentSessionIsAnnouncedAndItsTokensAreRefusedAtOnce() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens tokens = AuthClient.login(nip, token(nip));
        String reference = verifier.verify(tokens.accessToken()).authReferenceNumber();
        OffsetDateTime refreshValidUntil = OffsetDateTime.parse(sessions(tokens.accessToken()).statusCode(200)
                .extract().path("items[0].refreshTokenValidUntil"));

        given().auth().oauth2(tokens.accessToken()).when().delete("/v2/auth/sessions/current").then().statusCode(204);

        assertUnauthorized(sessions(tokens.accessToken()));
        assertBadRequest(refresh(tokens.refreshToken(), false), false, 21301, "Brak autoryzacji.", REVOKED_REFRESH);
        JsonNode event = JSON.readTree(revocations(reference).get(0).value());
        assertEquals(reference, event.get("authReferenceNumber").asText());
        assertEquals("Nip", event.at("/context/type").asText());
        assertEquals(nip, event.at("/context/value").asText());
        OffsetDateTime revokedAt = OffsetDateTime.parse(event.get("revokedAt").asText());
        assertTrue(Duration.between(revokedAt, OffsetDateTime.now()).abs().toMinutes() < 1, "revokedAt " + revokedAt);
        assertTrue(refreshValidUntil.isEqual(OffsetDateTime.parse(event.get("validUntil").asText())),
                "the refresh token is the last of its tokens to expire: " + event);
    }

    @Test
    void theRefreshTokenRevokesItsSessionAndTheAccessTokenStopsWorkingToo() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens tokens = AuthClient.login(nip, token(nip));
        String reference = verifier.verify(tokens.accessToken()).authReferenceNumber();

        given().auth().oauth2(tokens.refreshToken()).when().delete("/v2/auth/sessions/current").then()
                .statusCode(204);

        assertEquals(1, revocations(reference).size());
        assertUnauthorized(sessions(tokens.accessToken()));
        assertUnauthorized(given().auth().oauth2(tokens.accessToken()).when().get("/v2/tokens").then());
        assertBadRequest(refresh(tokens.refreshToken(), true), true, 21301, "Brak autoryzacji.", REVOKED_REFRESH);
    }

    @Test
    void revokingAnotherSessionByItsReferenceRefusesOnlyThatSessionsTokensAndIsAnnouncedOnce() throws Exception {
        String nip = AuthTestData.randomNip();
        String token = token(nip);
        AuthClient.Tokens first = AuthClient.login(nip, token);
        AuthClient.Tokens second = AuthClient.login(nip, token);
        String secondReference = verifier.verify(second.accessToken()).authReferenceNumber();

        for (int i = 0; i < 2; i++) {
            given().auth().oauth2(first.accessToken()).when().delete("/v2/auth/sessions/" + secondReference).then()
                    .statusCode(204);
        }

        assertUnauthorized(sessions(second.accessToken()));
        assertBadRequest(refresh(second.refreshToken(), false), false, 21301, "Brak autoryzacji.", REVOKED_REFRESH);
        sessions(first.accessToken()).statusCode(200);
        refresh(first.refreshToken(), false).statusCode(200);
        assertEquals(1, revocations(secondReference).size(), "announced once, however often it is revoked");
    }

    @Test
    void aRevocationAnnouncedByAnotherReplicaIsRefusedHereWithinSeconds() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens tokens = AuthClient.login(nip, token(nip));
        AuthClient.Tokens other = AuthClient.login(nip, token(nip));
        String reference = verifier.verify(tokens.accessToken()).authReferenceNumber();
        sessions(tokens.accessToken()).statusCode(200);

        // Another replica revoked it: this one's database is the same, but its memory learns only from the event.
        Revocations.publish(reference, nip, OffsetDateTime.now(ZoneOffset.UTC).plusMinutes(15));

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> sessions(tokens.accessToken()).extract().statusCode() == 401);
        assertUnauthorized(sessions(tokens.accessToken()));
        sessions(other.accessToken()).statusCode(200);
    }

    @Test
    void revokingEverySessionOfAContextAnnouncesEachAndLeavesOtherContextsAlone() throws Throwable {
        String nip = AuthTestData.randomNip();
        String otherNip = AuthTestData.randomNip();
        AuthClient.Tokens first = AuthClient.login(nip, token(nip));
        AuthClient.Tokens second = AuthClient.login(nip, token(nip));
        AuthClient.Tokens elsewhere = AuthClient.login(otherNip, token(otherNip));

        List<AuthSessionRevoked> revoked = VertxContextSupport.subscribeAndAwait(() ->
                Panache.withTransaction(() -> authSessions.revokeAllOfContext("Nip", nip)));

        Set<String> references = Set.of(verifier.verify(first.accessToken()).authReferenceNumber(),
                verifier.verify(second.accessToken()).authReferenceNumber());
        assertEquals(references, revoked.stream().map(AuthSessionRevoked::authReferenceNumber)
                .collect(Collectors.toSet()));
        for (String reference : references) {
            assertEquals(1, revocations(reference).size(), reference);
        }
        for (AuthClient.Tokens tokens : List.of(first, second)) {
            assertBadRequest(refresh(tokens.refreshToken(), false), false, 21301, "Brak autoryzacji.",
                    REVOKED_REFRESH);
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                    .until(() -> sessions(tokens.accessToken()).extract().statusCode() == 401);
        }
        sessions(elsewhere.accessToken()).statusCode(200)
                .body("items.referenceNumber", contains(verifier.verify(elsewhere.accessToken())
                        .authReferenceNumber()));
        refresh(elsewhere.refreshToken(), false).statusCode(200);
    }

    private String token(String nip) throws Exception {
        return AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token();
    }

    private static ValidatableResponse sessions(String bearer) {
        return given().auth().oauth2(bearer).when().get("/v2/auth/sessions").then();
    }

    /** The session's revocations once the first is there (10 s at most), waiting 2 s more for further ones. */
    private static List<ConsumerRecord<String, String>> revocations(String reference) {
        List<ConsumerRecord<String, String>> first = KafkaProbe.events(AuthSessionEvents.TOPIC, reference,
                AuthSessionEvents.REVOKED, 1, Duration.ofSeconds(10));
        assertEquals(1, first.size(), "no " + AuthSessionEvents.REVOKED + " for " + reference);
        return KafkaProbe.events(AuthSessionEvents.TOPIC, reference, AuthSessionEvents.REVOKED, 2,
                Duration.ofSeconds(2));
    }
}

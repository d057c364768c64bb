package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.testsupport.KafkaProbe;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.auth.KsefErrorAssertions.assertBadRequest;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class KsefTokensApiIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VALIDATION = "Błąd walidacji danych wejściowych.";
    private static final String MANAGER_PERMISSIONS = "CredentialsManage,InvoiceRead,InvoiceWrite";

    @Inject
    DataSource dataSource;
    @Inject
    AccessTokenVerifier verifier;

    @Test
    void aGeneratedTokenIsActiveAtOnceAnnouncedAndLogsInWithExactlyItsPermissions() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens manager = manager(nip);

        Map<String, Object> generated = generate(manager.accessToken(), List.of("InvoiceRead"), "Odczyt faktur", false)
                .statusCode(202).extract().as(Map.class);
        String reference = (String) generated.get("referenceNumber");
        String token = (String) generated.get("token");
        assertTrue(ReferenceNumbers.isValid(reference));
        assertEquals("EC", ReferenceNumbers.kindOf(reference));
        assertTrue(token.matches(reference + "\\|nip-" + nip + "\\|[0-9a-f]{64}"), token);

        List<ConsumerRecord<String, String>> activated = KafkaProbe.events(KsefTokenEvents.TOPIC, reference,
                KsefTokenEvents.ACTIVATED, 1, Duration.ofSeconds(15));
        assertEquals(1, activated.size());
        JsonNode event = JSON.readTree(activated.get(0).value());
        assertEquals(SecretHashes.sha256Hex(token), event.get("tokenSha256").asText());
        assertEquals(nip, event.at("/context/value").asText());
        assertEquals("[\"InvoiceRead\"]", event.get("permissions").toString());

        KsefPrincipal login = verifier.verify(AuthClient.login(nip, token).accessToken());
        assertEquals(Set.of("InvoiceRead"), login.permissions());
        assertEquals(reference, login.ksefTokenReference());

        get(manager.accessToken(), reference, false).statusCode(200)
                .body("referenceNumber", equalTo(reference))
                .body("authorIdentifier.type", equalTo("Nip"))
                .body("authorIdentifier.value", equalTo(nip))
                .body("contextIdentifier.type", equalTo("Nip"))
                .body("contextIdentifier.value", equalTo(nip))
                .body("description", equalTo("Odczyt faktur"))
                .body("requestedPermissions", contains("InvoiceRead"))
                .body("dateCreated", notNullValue())
                .body("lastUseDate", notNullValue())
                .body("status", equalTo("Active"))
                .body("statusDetails", empty());
    }

    @Test
    void aRevokedTokenIsAnnouncedAndNoLongerLogsInNorRefreshes() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens manager = manager(nip);
        Map<String, Object> generated = generate(manager.accessToken(), List.of("InvoiceWrite"), "Wysyłka faktur",
                false).statusCode(202).extract().as(Map.class);
        String reference = (String) generated.get("referenceNumber");
        String token = (String) generated.get("token");
        AuthClient.Tokens session = AuthClient.login(nip, token);

        given().auth().oauth2(manager.accessToken()).when().delete("/v2/tokens/" + reference).then().statusCode(204);
        given().auth().oauth2(manager.accessToken()).when().delete("/v2/tokens/" + reference).then().statusCode(204);

        assertEquals(1, KafkaProbe.events(KsefTokenEvents.TOPIC, reference, KsefTokenEvents.REVOKED, 2,
                Duration.ofSeconds(5)).size(), "revoked once, however often it is asked");
        get(manager.accessToken(), reference, false).statusCode(200).body("status", equalTo("Revoked"));
        assertBadRequest(AuthClient.refresh(session.refreshToken(), false), false, 21301, "Brak autoryzacji.",
                "Token KSeF został unieważniony.");
        Map<String, Object> started = AuthClient.start(nip, token);
        AuthClient.status((String) started.get("referenceNumber"), AuthClient.authenticationToken(started))
                .statusCode(200).body("status.details[0]", equalTo("Token unieważniony"));
    }

    @Test
    void withoutCredentialsPermissionsATokenSeesAndRevokesOnlyItself() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens manager = manager(nip);
        String first = (String) generate(manager.accessToken(), List.of("InvoiceRead"), "Pierwszy token", false)
                .statusCode(202).extract().as(Map.class).get("token");
        String secondReference = (String) generate(manager.accessToken(), List.of("InvoiceRead"), "Drugi token",
                false).statusCode(202).extract().as(Map.class).get("referenceNumber");
        String firstReference = first.substring(0, 36);

        list(manager.accessToken(), Map.of()).statusCode(200).body("tokens", hasSize(3));
        AuthClient.Tokens reader = AuthClient.login(nip, first);
        list(reader.accessToken(), Map.of()).statusCode(200)
                .body("tokens.referenceNumber", contains(firstReference))
                .body("continuationToken", nullValue());
        String notFound = "Token KSeF o numerze referencyjnym " + secondReference + " nie został znaleziony.";
        for (boolean problemDetails : new boolean[] {false, true}) {
            assertBadRequest(get(reader.accessToken(), secondReference, problemDetails), problemDetails, 21405,
                    VALIDATION, notFound);
            assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(reader.accessToken()).when()
                    .delete("/v2/tokens/" + secondReference).then(), problemDetails, 21405, VALIDATION, notFound);
        }
        // A token may always revoke itself (api-changelog: DELETE /tokens/{ref} without CredentialsManage).
        given().auth().oauth2(reader.accessToken()).when().delete("/v2/tokens/" + firstReference).then()
                .statusCode(204);
        get(manager.accessToken(), secondReference, false).statusCode(200).body("status", equalTo("Active"));
    }

    @Test
    void theListFiltersByStatusDescriptionAndAuthorNewestFirst() throws Exception {
        String nip = AuthTestData.randomNip();
        AuthClient.Tokens manager = manager(nip);
        String older = (String) generate(manager.accessToken(), List.of("InvoiceRead"), "Księgowość zewnętrzna",
                false).statusCode(202).extract().as(Map.class).get("referenceNumber");
        String newer = (String) generate(manager.accessToken(), List.of("InvoiceRead"), "Księgowość wewnętrzna",
                false).statusCode(202).extract().as(Map.class).get("referenceNumber");
        given().auth().oauth2(manager.accessToken()).when().delete("/v2/tokens/" + older).then().statusCode(204);

        list(manager.accessToken(), Map.of("description", "KSIĘGOWOŚĆ")).statusCode(200)
                .body("tokens.referenceNumber", contains(newer, older));
        list(manager.accessToken(), Map.of("description", "księgowość", "status", "Revoked")).statusCode(200)
                .body("tokens.referenceNumber", contains(older));
        list(manager.accessToken(), Map.of("authorIdentifier", nip.substring(2, 8), "authorIdentifierType", "Nip"))
                .statusCode(200).body("tokens", hasSize(3));
        list(manager.accessToken(), Map.of("authorIdentifierType", "Pesel")).statusCode(200)
                .body("tokens", empty());
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void badFiltersAndContinuationTokensAreRefused(boolean problemDetails) throws Exception {
        AuthClient.Tokens manager = manager(AuthTestData.randomNip());
        assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(manager.accessToken())
                        .queryParam("status", "Lost").queryParam("description", "ab").when().get("/v2/tokens").then(),
                problemDetails, 21405, VALIDATION,
                "'status' has a range of values which does not include 'Lost'.",
                "The length of 'description' must be at least 3 characters. You entered 2 characters.");
        assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(manager.accessToken())
                        .header("x-continuation-token", "bm90LW91cnM").when().get("/v2/tokens").then(),
                problemDetails, 21418, "Przekazany token kontynuacji ma nieprawidłowy format.");
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void aBadGenerateRequestIsAValidationError(boolean problemDetails) throws Exception {
        AuthClient.Tokens manager = manager(AuthTestData.randomNip());
        assertBadRequest(generate(manager.accessToken(), List.of("InvoiceRead", "Owner"), "abc", problemDetails),
                problemDetails, 21405, VALIDATION,
                "'permissions[1]' has a range of values which does not include 'Owner'.",
                "'description' must be between 5 and 256 characters. You entered 3 characters.");
        assertBadRequest(AuthClient.request(problemDetails).auth().oauth2(manager.accessToken())
                        .contentType(ContentType.JSON).body("{}").when().post("/v2/tokens").then(), problemDetails,
                21405, VALIDATION, "'permissions' must not be empty.", "'description' must not be empty.");
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void aTokenCannotGetPermissionsItsAuthorLacks(boolean problemDetails) throws Exception {
        AuthClient.Tokens manager = manager(AuthTestData.randomNip());
        assertBadRequest(generate(manager.accessToken(), List.of("InvoiceRead", "SubunitManage", "Introspection"),
                        "Za dużo uprawnień", problemDetails), problemDetails, 26001,
                "Nie można nadać tokenowi uprawnień których nie posiadasz.",
                "Brakujące uprawnienia: SubunitManage, Introspection.");
    }

    @ParameterizedTest(name = "problem details: {0}")
    @ValueSource(booleans = {false, true})
    void tokensAreGeneratedOnlyInNipAndInternalIdContexts(boolean problemDetails) throws Exception {
        String context = AuthTestData.randomNip() + "-DE123456789";
        String token = AuthTestData.insertToken(dataSource, "NipVatUe", context, KsefToken.Status.Active,
                MANAGER_PERMISSIONS).token();
        AuthClient.Tokens vatUe = AuthClient.login("NipVatUe", context, token);
        assertBadRequest(generate(vatUe.accessToken(), List.of("InvoiceRead"), "Token VAT UE", problemDetails),
                problemDetails, 26002, "Nie można wygenerować tokena dla obecnego typu kontekstu.",
                "Bieżący typ kontekstu: NipVatUe. Dozwolone typy kontekstu: Nip, InternalId.");
    }

    @Test
    void generatingNeedsCredentialsManage() throws Exception {
        String nip = AuthTestData.randomNip();
        String token = AuthTestData.insertToken(dataSource, nip, KsefToken.Status.Active).token();
        AuthClient.Tokens writer = AuthClient.login(nip, token);
        generate(writer.accessToken(), List.of("InvoiceRead"), "Odczyt faktur", false).statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("reasonCode", equalTo("missing-permissions"))
                .body("security.requiredAnyOfPermissions", contains("CredentialsManage"))
                .body("security.presentPermissions", containsInAnyOrder("InvoiceWrite", "InvoiceRead"));
        KsefErrorAssertions.assertUnauthorized(given().when().get("/v2/tokens").then());
    }

    private AuthClient.Tokens manager(String nip) throws Exception {
        String token = AuthTestData.insertToken(dataSource, "Nip", nip, KsefToken.Status.Active, MANAGER_PERMISSIONS)
                .token();
        return AuthClient.login(nip, token);
    }

    private static ValidatableResponse generate(String accessToken, List<String> permissions, String description,
                                                boolean problemDetails) {
        return AuthClient.request(problemDetails).auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("permissions", permissions, "description", description)).when().post("/v2/tokens")
                .then();
    }

    private static ValidatableResponse get(String accessToken, String reference, boolean problemDetails) {
        return AuthClient.request(problemDetails).auth().oauth2(accessToken).when().get("/v2/tokens/" + reference)
                .then();
    }

    private static ValidatableResponse list(String accessToken, Map<String, String> query) {
        return given().auth().oauth2(accessToken).queryParams(query).when().get("/v2/tokens").then();
    }
}

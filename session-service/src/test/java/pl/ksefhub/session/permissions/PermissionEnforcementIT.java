package pl.ksefhub.session.permissions;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.restassured.specification.RequestSpecification;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.TestTokens;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.oneOf;
import static org.hamcrest.Matchers.startsWith;

/**
 * Every operation of {@code /permissions} × permission present or absent: each asks for the permissions its spec's
 * {@code x-required-permissions} names (any one is enough); without them 403 with {@code ForbiddenProblemDetails}
 * naming the required and the present permissions. The operations that name none take any access token.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class PermissionEnforcementIT {

    /** A token holds this and nothing any operation of the table requires. */
    private static final String UNRELATED = "Introspection";

    /** One operation: how to call it, and its {@code x-required-permissions} in the spec's order. */
    record Operation(String method, String path, Object body, List<String> required) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Operation> operations() {
        String person = RandomIdentifiers.pesel();
        String nip = RandomIdentifiers.nip();
        Map<String, Object> personGrant = Grants.personGrant("Pesel", person, List.of("InvoiceRead"));
        Map<String, Object> fingerprint = Map.of("type", "Fingerprint", "value", "A".repeat(64));
        return Stream.of(
                new Operation("POST", "persons/grants", personGrant, List.of("CredentialsManage")),
                new Operation("POST", "entities/grants", Grants.entityGrant(nip, "InvoiceRead", false),
                        List.of("CredentialsManage")),
                new Operation("POST", "authorizations/grants", Grants.authorizationGrant("Nip", nip,
                        "SelfInvoicing"), List.of("CredentialsManage")),
                new Operation("POST", "indirect/grants", Map.of("subjectIdentifier", Map.of("type", "Pesel",
                        "value", person), "permissions", List.of("InvoiceRead"), "description", "Pracownik",
                        "subjectDetails", Grants.PERSON), List.of("CredentialsManage")),
                new Operation("POST", "subunits/grants", Map.of("subjectIdentifier", Map.of("type", "Pesel",
                        "value", person), "contextIdentifier", Map.of("type", "Nip", "value", nip),
                        "description", "Administrator", "subjectDetails", Grants.PERSON), List.of("SubunitManage")),
                new Operation("POST", "eu-entities/administration/grants", Map.of("subjectIdentifier", fingerprint,
                        "contextIdentifier", Map.of("type", "NipVatUe", "value", nip + "-DE123456789"),
                        "description", "Administrator", "euEntityName", "Podmiot unijny",
                        "subjectDetails", Map.of("subjectDetailsType", "EntityByFingerprint"),
                        "euEntityDetails", Map.of("fullName", "Podmiot", "address", "Berlin")),
                        List.of("CredentialsManage")),
                new Operation("POST", "eu-entities/grants", Map.of("subjectIdentifier", fingerprint,
                        "permissions", List.of("InvoiceRead"), "description", "Reprezentant",
                        "subjectDetails", Map.of("subjectDetailsType", "EntityByFingerprint")),
                        List.of("VatUeManage")),
                new Operation("DELETE", "common/grants/" + UUID.randomUUID(), null,
                        List.of("CredentialsManage", "VatUeManage", "SubunitManage")),
                new Operation("DELETE", "authorizations/grants/" + UUID.randomUUID(), null,
                        List.of("CredentialsManage")),
                new Operation("GET", "attachments/status", null, List.of("CredentialsManage", "CredentialsRead")),
                new Operation("POST", "query/personal/grants", Map.of(), List.of()),
                new Operation("POST", "query/persons/grants", Map.of("queryType", "PermissionsInCurrentContext"),
                        List.of("CredentialsManage", "CredentialsRead", "SubunitManage")),
                new Operation("POST", "query/subunits/grants", Map.of(),
                        List.of("CredentialsManage", "CredentialsRead", "SubunitManage")),
                new Operation("POST", "query/entities/grants", Map.of(),
                        List.of("CredentialsManage", "CredentialsRead")),
                new Operation("GET", "query/entities/roles", null, List.of("CredentialsManage", "CredentialsRead")),
                new Operation("POST", "query/subordinate-entities/roles", Map.of(),
                        List.of("CredentialsManage", "CredentialsRead", "SubunitManage")),
                new Operation("POST", "query/authorizations/grants", Map.of("queryType", "Granted"),
                        List.of("CredentialsManage", "CredentialsRead", "PefInvoiceWrite")),
                new Operation("POST", "query/eu-entities/grants", Map.of(),
                        List.of("CredentialsManage", "CredentialsRead", "VatUeManage")));
    }

    @ParameterizedTest(name = "{0} without its permissions")
    @MethodSource("operations")
    void withoutTheRequiredPermissionsItIs403NamingThem(Operation operation) {
        ValidatableResponse response = call(operation, TestTokens.accessToken(RandomIdentifiers.nip(), UNRELATED));
        if (operation.required().isEmpty()) {
            response.statusCode(200);
            return;
        }
        response.statusCode(403).contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Forbidden")).body("status", equalTo(403))
                .body("reasonCode", equalTo("missing-permissions"))
                .body("detail", equalTo("Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście."))
                .body("instance", equalTo("/v2/permissions/" + operation.path()))
                .body("security.requiredAnyOfPermissions", equalTo(operation.required()))
                .body("security.presentPermissions", equalTo(List.of(UNRELATED)))
                .body("timestamp", notNullValue());
    }

    @ParameterizedTest(name = "{0} with each of its permissions")
    @MethodSource("operations")
    void anyOneOfTheRequiredPermissionsIsEnough(Operation operation) {
        for (String permission : operation.required()) {
            // Accepted (a grant or revoke that then fails on its identifiers is still no 403) or answered.
            call(operation, TestTokens.accessToken(RandomIdentifiers.nip(), permission))
                    .statusCode(oneOf(200, 202)).statusCode(not(403));
        }
    }

    @ParameterizedTest(name = "{0} without a token")
    @MethodSource("operations")
    void withoutATokenItIs401(Operation operation) {
        call(operation, "not-a-token").statusCode(401).body("title", equalTo("Unauthorized"));
    }

    private static ValidatableResponse call(Operation operation, String token) {
        RequestSpecification request = given().auth().oauth2(token);
        if (operation.body() != null) {
            request = request.contentType(ContentType.JSON).body(operation.body());
        }
        return request.request(operation.method(), "/v2/permissions/" + operation.path()).then();
    }
}

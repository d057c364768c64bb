package pl.ksefhub.session.permissions;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.permissions.Grants.access;
import static pl.ksefhub.session.permissions.Grants.grant;
import static pl.ksefhub.session.permissions.Grants.login;
import static pl.ksefhub.session.permissions.Grants.persons;
import static pl.ksefhub.session.permissions.Grants.post;
import static pl.ksefhub.session.permissions.Grants.revoke;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;
import static pl.ksefhub.session.testdata.TestDataClient.randomPesel;

/**
 * {@code /permissions/**} over HTTP with real logins: every kind of grant, its queries and its revoke, their errors,
 * delegation chains, and what logins and refreshes then hold.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class PermissionsIT {

    private static final String IN_CONTEXT = "PermissionsInCurrentContext";
    private static final String GRANTED = "PermissionsGrantedInCurrentContext";

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    DataSource dataSource;

    @Test
    void aPersonGrantWorksFromTheNextLoginAndItsRevokeEndsItAtTheNextRefresh() throws Exception {
        String owner = randomNip();
        String ownerToken = access(XadesTestSigner.seal(owner, KeyKind.EC_P256), "Nip", owner);
        String pesel = randomPesel();
        XadesTestSigner.Signer person = XadesTestSigner.person(pesel, KeyKind.EC_P256);
        int[] failed = new int[1];
        assertNull(login(person, "Nip", owner, "certificateSubject", failed));
        assertEquals(415, failed[0]);

        assertEquals(200, grant(ownerToken, "persons/grants",
                Grants.personGrant("Pesel", pesel, List.of("InvoiceRead", "CredentialsRead"))));
        Grants.Tokens tokens = login(person, "Nip", owner, "certificateSubject", null);
        assertEquals(Set.of("InvoiceRead", "CredentialsRead"), permissions(tokens.accessToken()));

        List<Map<String, Object>> granted = persons(ownerToken, IN_CONTEXT,
                Map.of("authorizedIdentifier", Map.of("type", "Pesel", "value", pesel)));
        assertEquals(2, granted.size());
        for (Map<String, Object> item : granted) {
            assertEquals(Map.of("type", "Nip", "value", owner), item.get("authorIdentifier"));
            assertEquals(Map.of("type", "Pesel", "value", pesel), item.get("authorizedIdentifier"));
            assertEquals(Map.of("type", "Nip", "value", owner), item.get("contextIdentifier"));
            assertEquals("Active", item.get("permissionState"));
            assertEquals(false, item.get("canDelegate"));
            assertEquals(Map.of("subjectDetailsType", "PersonByIdentifier", "firstName", "Anna",
                    "lastName", "Testowa"), item.get("subjectPersonDetails"));
        }
        String invoiceRead = idOf(granted, "InvoiceRead");

        assertEquals(200, revoke(ownerToken, invoiceRead));
        // The access token issued before keeps what it had until it expires; its refresh reads the grants again.
        assertEquals(Set.of("InvoiceRead", "CredentialsRead"), permissions(tokens.accessToken()));
        assertEquals(Set.of("CredentialsRead"), permissions(Grants.refresh(tokens.refreshToken())));
        assertEquals(Set.of("CredentialsRead"), permissions(login(person, "Nip", owner, "certificateSubject", null)
                .accessToken()));
        assertEquals(1, persons(ownerToken, IN_CONTEXT, Map.of()).size());
        List<Map<String, Object>> inactive = persons(ownerToken, IN_CONTEXT, Map.of("permissionState", "Inactive"));
        assertEquals(invoiceRead, inactive.get(0).get("id"));
        // A revoked grant stays revoked.
        assertEquals(410, revoke(ownerToken, invoiceRead));
        assertEquals(List.of(PermissionEvents.GRANTED, PermissionEvents.REVOKED), outboxTypes(invoiceRead));
    }

    @Test
    void anIntermediaryPassesOnOnlyWhatItsClientLetItAndLosesItWithTheClientsGrant() throws Exception {
        String client = randomNip();
        String office = randomNip();
        String stranger = randomNip();
        String pesel = randomPesel();
        String clientToken = access(XadesTestSigner.seal(client, KeyKind.EC_P256), "Nip", client);
        assertEquals(200, grant(clientToken, "entities/grants", Grants.entityGrant(office, "InvoiceRead", true)));
        // The entity itself now handles the client's invoices.
        assertEquals(Set.of("InvoiceRead"), permissions(access(XadesTestSigner.seal(office, KeyKind.EC_P256), "Nip",
                client)));

        String officeToken = access(XadesTestSigner.seal(office, KeyKind.EC_P256), "Nip", office);
        assertEquals(200, grant(officeToken, "indirect/grants", indirect(pesel, Map.of("type", "Nip", "value",
                client), List.of("InvoiceRead", "InvoiceWrite"))));
        // Selective for a client that let it pass nothing on: 440.
        assertEquals(440, grant(officeToken, "indirect/grants", indirect(pesel, Map.of("type", "Nip", "value",
                stranger), List.of("InvoiceRead"))));
        // The client delegated InvoiceRead only: the employee's InvoiceWrite does not work there.
        XadesTestSigner.Signer employee = XadesTestSigner.person(pesel, KeyKind.EC_P256);
        String employeeToken = access(employee, "Nip", client);
        assertEquals(Set.of("InvoiceRead"), permissions(employeeToken));
        List<Map<String, Object>> personal = post(employeeToken, "query/personal/grants",
                Map.of("targetIdentifier", Map.of("type", "Nip", "value", client))).statusCode(200)
                .extract().path("permissions");
        assertEquals(2, personal.size());
        assertEquals(Map.of("type", "Nip", "value", office), personal.get(0).get("contextIdentifier"));

        List<Map<String, Object>> byOffice = persons(officeToken, GRANTED, Map.of());
        assertEquals(2, byOffice.size());
        assertTrue(byOffice.stream().allMatch(item -> Map.of("type", "Nip", "value", client)
                .equals(item.get("targetIdentifier"))));
        List<Map<String, Object>> inClient = persons(clientToken, IN_CONTEXT, Map.of("targetIdentifier",
                Map.of("type", "Nip", "value", client), "permissionTypes", List.of("InvoiceWrite")));
        assertEquals(1, inClient.size());
        assertEquals(Map.of("type", "Pesel", "value", pesel), inClient.get(0).get("authorizedIdentifier"));

        String entityGrant = idOf(persons(clientToken, GRANTED, Map.of("authorizedIdentifier",
                Map.of("type", "Nip", "value", office))), "InvoiceRead");
        assertEquals(200, revoke(clientToken, entityGrant));
        int[] failed = new int[1];
        assertNull(login(employee, "Nip", client, "certificateSubject", failed));
        assertEquals(415, failed[0]);
    }

    @Test
    void enforcementOperationsAreGrantedOnlyByAnEnforcementAuthorityOrABailiff() {
        String plain = randomNip();
        String plainToken = access(XadesTestSigner.seal(plain, KeyKind.EC_P256), "Nip", plain);
        Map<String, Object> enforcement = Grants.personGrant("Nip", randomNip(), List.of("EnforcementOperations"));
        assertEquals(430, grant(plainToken, "persons/grants", enforcement));
        assertEquals(List.of(), persons(plainToken, GRANTED, Map.of()));

        String authority = randomNip();
        TestDataClient.post("subject", Map.of("subjectNip", authority, "subjectType", "EnforcementAuthority",
                "description", "Organ egzekucyjny")).statusCode(200);
        String authorityToken = access(XadesTestSigner.seal(authority, KeyKind.EC_P256), "Nip", authority);
        assertEquals(200, grant(authorityToken, "persons/grants", enforcement));
        assertEquals("EnforcementOperations", persons(authorityToken, GRANTED, Map.of()).get(0)
                .get("permissionScope"));
        given().auth().oauth2(authorityToken).get("/v2/permissions/query/entities/roles").then().statusCode(200)
                .body("roles", hasSize(1)).body("roles[0].role", equalTo("EnforcementAuthority"))
                .body("roles[0].description", equalTo("Organ egzekucyjny")).body("hasMore", equalTo(false));
    }

    @Test
    void anAuthorizationIsListedByBothSidesAndRevokedOnlyAsOne() throws Exception {
        String seller = randomNip();
        String buyer = randomNip();
        String sellerToken = access(XadesTestSigner.seal(seller, KeyKind.EC_P256), "Nip", seller);
        assertEquals(200, grant(sellerToken, "authorizations/grants",
                Grants.authorizationGrant("Nip", buyer, "SelfInvoicing")));
        // PEF invoices are a Peppol provider's to send: not a NIP's.
        assertEquals(450, grant(sellerToken, "authorizations/grants",
                Grants.authorizationGrant("Nip", buyer, "PefInvoicing")));

        List<Map<String, Object>> granted = post(sellerToken, "query/authorizations/grants",
                Map.of("queryType", "Granted")).statusCode(200).extract().path("authorizationGrants");
        assertEquals(1, granted.size());
        Map<String, Object> authorization = granted.get(0);
        assertEquals("SelfInvoicing", authorization.get("authorizationScope"));
        assertEquals(Map.of("type", "Nip", "value", buyer), authorization.get("authorizedEntityIdentifier"));
        assertEquals(Map.of("type", "Nip", "value", seller), authorization.get("authorizingEntityIdentifier"));
        assertEquals(Map.of("subjectDetailsType", "EntityByIdentifier", "fullName", "Biuro Rachunkowe"),
                authorization.get("subjectEntityDetails"));
        String buyerToken = access(XadesTestSigner.seal(buyer, KeyKind.EC_P256), "Nip", buyer);
        post(buyerToken, "query/authorizations/grants", Map.of("queryType", "Received", "authorizingIdentifier",
                Map.of("type", "Nip", "value", seller))).statusCode(200)
                .body("authorizationGrants", hasSize(1)).body("authorizationGrants[0].id",
                        equalTo(authorization.get("id")));

        String id = (String) authorization.get("id");
        assertEquals(450, revoke(sellerToken, id));
        // Only the authorizing entity revokes it.
        assertEquals(420, Grants.operate(buyerToken, given().auth().oauth2(buyerToken)
                .delete("/v2/permissions/authorizations/grants/" + id).then()));
        assertEquals(200, Grants.operate(sellerToken, given().auth().oauth2(sellerToken)
                .delete("/v2/permissions/authorizations/grants/" + id).then()));
        post(sellerToken, "query/authorizations/grants", Map.of("queryType", "Granted")).statusCode(200)
                .body("authorizationGrants", hasSize(0));
        assertTrue(outboxPayload(id, PermissionEvents.GRANTED).contains("\"kind\":\"Authorization\""));
    }

    @Test
    void aSubunitAdministratorManagesItsInternalIdAndAVatGroupItsMembers() throws Exception {
        String parent = randomNip();
        String parentToken = access(XadesTestSigner.seal(parent, KeyKind.EC_P256), "Nip", parent);
        String internalId = internalId(parent, "1234");
        String director = randomPesel();
        assertEquals(200, grant(parentToken, "subunits/grants", subunit(director, "InternalId", internalId)));
        assertEquals(Set.of("CredentialsManage"), permissions(access(XadesTestSigner.person(director,
                KeyKind.EC_P256), "InternalId", internalId)));
        post(parentToken, "query/subunits/grants", Map.of()).statusCode(200)
                .body("permissions", hasSize(1))
                .body("permissions[0].subunitIdentifier.value", equalTo(internalId))
                .body("permissions[0].subunitName", equalTo("Przedszkole Testowe"))
                .body("permissions[0].permissionScope", equalTo("CredentialsManage"))
                .body("permissions[0].subjectPersonDetails.firstName", equalTo("Anna"));
        assertEquals(410, grant(parentToken, "subunits/grants", subunit(director, "InternalId",
                internalId(randomNip(), "1234"))));
        String member = randomNip();
        assertEquals(430, grant(parentToken, "subunits/grants", subunit(director, "Nip", member)));

        String group = randomNip();
        TestDataClient.post("subject", Map.of("subjectNip", group, "subjectType", "VatGroup", "description",
                "Grupa VAT", "subunits", List.of(Map.of("subjectNip", member, "description", "Członek"))))
                .statusCode(200);
        String groupToken = access(XadesTestSigner.seal(group, KeyKind.EC_P256), "Nip", group);
        assertEquals(440, grant(groupToken, "subunits/grants", subunit(director, "Nip", randomNip())));
        assertEquals(200, grant(groupToken, "subunits/grants", subunit(director, "Nip", member)));
        assertEquals(Set.of("CredentialsManage"), permissions(access(XadesTestSigner.person(director,
                KeyKind.EC_P256), "Nip", member)));
        post(groupToken, "query/subordinate-entities/roles", Map.of("subordinateEntityIdentifier",
                Map.of("type", "Nip", "value", member))).statusCode(200)
                .body("roles", hasSize(1)).body("roles[0].role", equalTo("VatGroupSubUnit"))
                .body("roles[0].subordinateEntityIdentifier.value", equalTo(member));
    }

    @Test
    void anEuEntityAdministratorLogsInByFingerprintAndAppointsRepresentatives() {
        String nip = randomNip();
        String ownerToken = access(XadesTestSigner.seal(nip, KeyKind.EC_P256), "Nip", nip);
        String euContext = nip + "-DE123456789";
        XadesTestSigner.Signer administrator = XadesTestSigner.anonymous(KeyKind.EC_P256);
        String fingerprint = CertificateSubject.fingerprint(administrator.certificate());
        assertEquals(200, grant(ownerToken, "eu-entities/administration/grants", Map.of(
                "subjectIdentifier", Map.of("type", "Fingerprint", "value", fingerprint),
                "contextIdentifier", Map.of("type", "NipVatUe", "value", euContext),
                "description", "Administrator podmiotu unijnego", "euEntityName", "Podmiot unijny GmbH",
                "subjectDetails", Map.of("subjectDetailsType", "PersonByFingerprintWithoutIdentifier",
                        "personByFpNoId", Map.of("firstName", "Hans", "lastName", "Muster", "birthDate", "1980-01-01",
                                "idDocument", Map.of("type", "Passport", "number", "C01X00T47", "country", "DE"))),
                "euEntityDetails", Map.of("fullName", "Podmiot unijny GmbH", "address", "Berlin"))));
        assertEquals(410, grant(ownerToken, "eu-entities/administration/grants", Map.of(
                "subjectIdentifier", Map.of("type", "Fingerprint", "value", fingerprint),
                "contextIdentifier", Map.of("type", "NipVatUe", "value", randomNip() + "-DE123456789"),
                "description", "Administrator podmiotu unijnego", "euEntityName", "Podmiot unijny GmbH",
                "subjectDetails", Map.of("subjectDetailsType", "PersonByFingerprintWithoutIdentifier"),
                "euEntityDetails", Map.of("fullName", "Podmiot unijny GmbH", "address", "Berlin"))));

        Grants.Tokens admin = login(administrator, "NipVatUe", euContext, "certificateFingerprint", null);
        assertEquals(Set.of("VatUeManage", "InvoiceWrite", "InvoiceRead", "Introspection"),
                permissions(admin.accessToken()));
        XadesTestSigner.Signer representative = XadesTestSigner.anonymous(KeyKind.EC_P256);
        assertEquals(200, grant(admin.accessToken(), "eu-entities/grants", Map.of(
                "subjectIdentifier", Map.of("type", "Fingerprint", "value",
                        CertificateSubject.fingerprint(representative.certificate())),
                "permissions", List.of("InvoiceRead"), "description", "Reprezentant podmiotu unijnego",
                "subjectDetails", Map.of("subjectDetailsType", "EntityByFingerprint",
                        "entityByFp", Map.of("fullName", "Vertreter AG", "address", "Wien")))));
        assertEquals(Set.of("InvoiceRead"), permissions(login(representative, "NipVatUe", euContext,
                "certificateFingerprint", null).accessToken()));

        post(ownerToken, "query/eu-entities/grants", Map.of()).statusCode(200)
                .body("permissions", hasSize(4))
                .body("permissions[0].vatUeIdentifier", equalTo("DE123456789"))
                .body("permissions[0].euEntityName", equalTo("Podmiot unijny GmbH"))
                .body("permissions[0].authorizedFingerprintIdentifier", equalTo(fingerprint))
                .body("permissions[0].subjectPersonDetails.idDocument.country", equalTo("DE"));
        post(admin.accessToken(), "query/eu-entities/grants", Map.of("permissionTypes", List.of("InvoiceRead")))
                .statusCode(200).body("permissions", hasSize(2));
    }

    @Test
    void testDataGrantsAreGrantsOfTheSystemThatTheApiListsAndRevokes() {
        String owner = randomNip();
        String holder = randomNip();
        TestDataClient.post("permissions", Map.of("contextIdentifier", Map.of("type", "Nip", "value", owner),
                "authorizedIdentifier", Map.of("type", "Nip", "value", holder),
                "permissions", List.of(Map.of("description", "Uprawnienie testowe",
                        "permissionType", "InvoiceRead"))))
                .statusCode(200);
        XadesTestSigner.Signer holderSeal = XadesTestSigner.seal(holder, KeyKind.EC_P256);
        String holderToken = access(holderSeal, "Nip", owner);
        post(holderToken, "query/personal/grants", Map.of()).statusCode(200)
                .body("permissions", hasSize(1)).body("permissions[0].permissionScope", equalTo("InvoiceRead"));

        String ownerToken = access(XadesTestSigner.seal(owner, KeyKind.EC_P256), "Nip", owner);
        List<Map<String, Object>> listed = persons(ownerToken, IN_CONTEXT, Map.of("authorIdentifier",
                Map.of("type", "System")));
        assertEquals(1, listed.size());
        assertEquals(Map.of("type", "System"), listed.get(0).get("authorIdentifier"));
        assertEquals(200, revoke(ownerToken, (String) listed.get(0).get("id")));
        int[] failed = new int[1];
        assertNull(login(holderSeal, "Nip", owner, "certificateSubject", failed));
        assertEquals(415, failed[0]);
    }

    @Test
    void queriesArePagedByPageNumberNewestFirst() {
        String owner = randomNip();
        String ownerToken = access(XadesTestSigner.seal(owner, KeyKind.EC_P256), "Nip", owner);
        List<String> seven = List.of("CredentialsManage", "CredentialsRead", "InvoiceWrite", "InvoiceRead",
                "Introspection", "SubunitManage", "CredentialsRead");
        String first = randomPesel();
        String second = randomPesel();
        assertEquals(200, grant(ownerToken, "persons/grants", Grants.personGrant("Pesel", first, seven)));
        assertEquals(200, grant(ownerToken, "persons/grants", Grants.personGrant("Pesel", second, seven)));
        // The repeated CredentialsRead is granted once; a repeated grant changes nothing.
        assertEquals(200, grant(ownerToken, "persons/grants", Grants.personGrant("Pesel", second,
                List.of("InvoiceRead"))));
        Map<String, Object> body = Map.of("queryType", IN_CONTEXT);
        List<Map<String, Object>> page0 = given().auth().oauth2(ownerToken).contentType("application/json")
                .queryParam("pageSize", 10).body(body).post("/v2/permissions/query/persons/grants").then()
                .statusCode(200).body("hasMore", equalTo(true)).extract().path("permissions");
        assertEquals(10, page0.size());
        assertEquals(Map.of("type", "Pesel", "value", second), page0.get(0).get("authorizedIdentifier"));
        given().auth().oauth2(ownerToken).contentType("application/json").queryParam("pageSize", 10)
                .queryParam("pageOffset", 1).body(body).post("/v2/permissions/query/persons/grants").then()
                .statusCode(200).body("hasMore", equalTo(false)).body("permissions", hasSize(2));
    }

    @Test
    void malformedBodiesAre21405WithEveryProblem() {
        String owner = randomNip();
        String token = access(XadesTestSigner.seal(owner, KeyKind.EC_P256), "Nip", owner);
        TestDataClient.assertValidation(post(token, "persons/grants", Map.of("permissions", List.of("Owner"),
                "description", "abc")), "'subjectIdentifier' must not be empty.");
        TestDataClient.assertValidation(post(token, "persons/grants", Map.of("permissions", List.of("Owner"),
                "description", "abc")), "'permissions[0]' has a range of values which does not include 'Owner'.");
        TestDataClient.assertValidation(post(token, "persons/grants", Map.of("permissions", List.of("Owner"),
                "description", "abc")), "'description' must be between 5 and 256 characters. You entered 3"
                + " characters.");
        TestDataClient.assertValidation(post(token, "persons/grants", Grants.personGrant("Pesel", "123",
                List.of("InvoiceRead"))), "'subjectIdentifier.value' is not a valid Pesel: '123'.");
        String valid = internalId(owner, "1234");
        String badCheckDigit = valid.substring(0, 15) + (char) ('0' + (valid.charAt(15) - '0' + 1) % 10);
        TestDataClient.assertValidation(post(token, "subunits/grants", subunit(randomPesel(), "InternalId",
                badCheckDigit)), "'contextIdentifier.value' is not a valid InternalId: '" + badCheckDigit + "'.");
        TestDataClient.assertValidation(post(token, "query/persons/grants", Map.of()),
                "'queryType' must not be empty.");
        TestDataClient.assertValidation(given().auth().oauth2(token).contentType("application/json")
                .queryParam("pageSize", 5).body(Map.of()).post("/v2/permissions/query/personal/grants").then(),
                "'pageSize' must be between 10 and 100. You entered 5.");
        TestDataClient.assertValidation(given().auth().oauth2(token).delete("/v2/permissions/common/grants/abc")
                .then(), "'permissionId' must be 36 characters in length. You entered 3 characters.");
    }

    @Test
    void anOperationIsReadOnlyInItsContext() {
        String owner = randomNip();
        String token = access(XadesTestSigner.seal(owner, KeyKind.EC_P256), "Nip", owner);
        String reference = post(token, "persons/grants", Grants.personGrant("Pesel", randomPesel(),
                List.of("InvoiceRead"))).statusCode(202).extract().path("referenceNumber");
        assertEquals("EG", reference.substring(9, 11));
        Grants.status(token, reference).statusCode(200).body("status.code", equalTo(200))
                .body("status.description", equalTo("Operacja zakończona sukcesem"))
                .body("status.details", nullValue());
        String other = randomNip();
        Grants.status(access(XadesTestSigner.seal(other, KeyKind.EC_P256), "Nip", other), reference)
                .statusCode(403).body("reasonCode", equalTo("insufficient-resource-access"));
        TestDataClient.assertValidation(Grants.status(token, reference.substring(0, 20) + "0000000000-00"),
                "'referenceNumber' is not a valid reference number: '" + reference.substring(0, 20)
                        + "0000000000-00'.");
    }

    @Test
    void theAttachmentStatusShowsAnAnnouncedEnd() {
        String nip = randomNip();
        String token = access(XadesTestSigner.seal(nip, KeyKind.EC_P256), "Nip", nip);
        given().auth().oauth2(token).get("/v2/permissions/attachments/status").then().statusCode(200)
                .body("isAttachmentAllowed", equalTo(false)).body("revokedDate", nullValue());
        TestDataClient.post("attachment", Map.of("nip", nip)).statusCode(200);
        given().auth().oauth2(token).get("/v2/permissions/attachments/status").then().statusCode(200)
                .body("isAttachmentAllowed", equalTo(true)).body("revokedDate", nullValue());
        TestDataClient.post("attachment/revoke", Map.of("nip", nip, "expectedEndDate",
                LocalDate.now().plusDays(2).toString())).statusCode(200);
        given().auth().oauth2(token).get("/v2/permissions/attachments/status").then().statusCode(200)
                .body("isAttachmentAllowed", equalTo(true)).body("revokedDate", notNullValue());
    }

    // ---

    private Set<String> permissions(String accessToken) {
        return verifier.verify(accessToken).permissions();
    }

    private static String idOf(List<Map<String, Object>> items, String scope) {
        return (String) items.stream().filter(item -> scope.equals(item.get("permissionScope"))).findFirst()
                .orElseThrow().get("id");
    }

    private static Map<String, Object> indirect(String pesel, Map<String, Object> target, List<String> permissions) {
        return Map.of("subjectIdentifier", Map.of("type", "Pesel", "value", pesel), "targetIdentifier", target,
                "permissions", permissions, "description", "Pracownik biura", "subjectDetails", Grants.PERSON);
    }

    private static Map<String, Object> subunit(String pesel, String type, String value) {
        return Map.of("subjectIdentifier", Map.of("type", "Pesel", "value", pesel),
                "contextIdentifier", Map.of("type", type, "value", value), "subunitName", "Przedszkole Testowe",
                "description", "Administrator jednostki", "subjectDetails", Grants.PERSON);
    }

    /** {@code nip-dddd} and its check digit (weights 1, 3, 1, 3 ..., as the spec's example). */
    static String internalId(String nip, String fourDigits) {
        String digits = nip + fourDigits;
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return nip + "-" + fourDigits + (sum % 10);
    }

    private List<String> outboxTypes(String permissionId) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select event_type from outbox_event where record_key = ? order by id")) {
            statement.setString(1, permissionId);
            try (ResultSet rows = statement.executeQuery()) {
                while (rows.next()) {
                    types.add(rows.getString(1));
                }
            }
        }
        return types;
    }

    private String outboxPayload(String permissionId, String type) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(
                     "select payload from outbox_event where record_key = ? and event_type = ?")) {
            statement.setString(1, permissionId);
            statement.setString(2, type);
            try (ResultSet rows = statement.executeQuery()) {
                return rows.next() ? rows.getString(1) : "";
            }
        }
    }
}

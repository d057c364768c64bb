package pl.ksefhub.session.testdata;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.KsefTestResource;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.testdata.TestDataClient.assertValidation;
import static pl.ksefhub.session.testdata.TestDataClient.post;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;
import static pl.ksefhub.session.testdata.TestDataClient.randomPesel;
import static pl.ksefhub.session.testdata.TestDataClient.xadesLogin;

/** {@code /testdata/subject} and {@code /testdata/subject/remove}, and what subjects change for authentication. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class TestDataSubjectsIT {

    private static final String ALREADY_EXISTS = "Podmiot lub uprawnienie już istnieje.";

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    PlatformKeys keys;

    @Test
    void aSubjectIsCreatedOnceAndAgainOnlyWithALaterCreationDate() {
        String nip = randomNip();
        post("subject", subject(nip, "EnforcementAuthority", null)).statusCode(200).body(emptyString());

        post("subject", subject(nip, "EnforcementAuthority", null)).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(30001))
                .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(ALREADY_EXISTS));
        post("subject", subject(nip, "EnforcementAuthority", null), true).statusCode(400)
                .contentType(startsWith("application/problem+json"))
                .body("detail", equalTo("Żądanie jest nieprawidłowe."))
                .body("errors[0].code", equalTo(30001))
                .body("errors[0].description", equalTo(ALREADY_EXISTS));

        OffsetDateTime tomorrow = OffsetDateTime.now(ZoneOffset.UTC).plusDays(1).truncatedTo(ChronoUnit.SECONDS);
        Map<String, Object> later = subject(nip, "JST", null);
        later.put("createdDate", tomorrow.toString());
        post("subject", later).statusCode(200);
        Map<String, Object> same = subject(nip, "JST", null);
        same.put("createdDate", tomorrow.toString());
        assertValidation(post("subject", same), "'createdDate' must be later than the creation date of the subject "
                + nip + ": " + tomorrow + ".");
    }

    @Test
    void onlyVatGroupsAndJstHaveSubunitsAndASubunitIsNoSubjectOfItsOwn() {
        String nip = randomNip();
        String member = randomNip();
        assertValidation(post("subject", subject(nip, "EnforcementAuthority", List.of(member))),
                "'subunits' must be empty.");
        post("subject", subject(nip, "VatGroup", List.of(member, randomNip()))).statusCode(200);
        post("subject", subject(member, "JST", null)).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(30001))
                .body("exception.exceptionDetailList[0].details",
                        contains("Podmiot %s jest jednostką podrzędną podmiotu %s.".formatted(member, nip)));
        post("subject", subject(randomNip(), "JST", List.of(member))).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(30001))
                .body("exception.exceptionDetailList[0].details", contains("Podmiot %s już istnieje."
                        .formatted(member)));
    }

    /**
     * A subject of every type is owned by a certificate of its NIP, as an unregistered NIP is (the official SDK's
     * tests create a VAT group or a JST and log in as it).
     */
    @ParameterizedTest
    @ValueSource(strings = {"VatGroup", "JST", "EnforcementAuthority"})
    void aTestSubjectOfEveryTypeIsOwnedByACertificateOfItsNip(String type) {
        String nip = randomNip();
        post("subject", subject(nip, type, null)).statusCode(200);
        TestDataClient.Login login = xadesLogin(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip);
        assertEquals(200, login.statusCode());
        assertTrue(verifier.verify(login.accessToken()).permissions().contains("InvoiceWrite"));
        TestDataClient.openOnlineSession(login.accessToken(), keys).statusCode(201);
    }

    /** dane-testowe-scenariusze.md, scenario 3, with the request's own lower-case identifier types. */
    @Test
    void aVatGroupAndItsMembersAreOwnedByTheirNipsAndTestDataGrantsMore() {
        String group = randomNip();
        String member = randomNip();
        post("subject", subject(group, "VatGroup", List.of(member))).statusCode(200);
        assertEquals(200, xadesLogin(XadesTestSigner.seal(group, KeyKind.EC_P256), group).statusCode());
        assertEquals(200, xadesLogin(XadesTestSigner.seal(member, KeyKind.EC_P256), member).statusCode());

        String pesel = randomPesel();
        post("permissions", Map.of(
                "contextIdentifier", Map.of("value", group, "type", "nip"),
                "authorizedIdentifier", Map.of("value", pesel, "type", "pesel"),
                "permissions", List.of(
                        Map.of("permissionType", "InvoiceWrite", "description", "praca w kontekście " + group),
                        Map.of("permissionType", "InvoiceRead", "description", "praca w kontekście " + group))))
                .statusCode(200).body(emptyString());
        TestDataClient.Login login = xadesLogin(XadesTestSigner.person(pesel, KeyKind.EC_P256), group);
        assertEquals(200, login.statusCode());
        assertEquals(Set.of("InvoiceWrite", "InvoiceRead"), verifier.verify(login.accessToken()).permissions());
        TestDataClient.openOnlineSession(login.accessToken(), keys).statusCode(201);
    }

    @Test
    void removingASubjectRemovesItsSubunitsAndThePermissionsGrantedInTheirContexts() {
        String group = randomNip();
        String member = randomNip();
        String pesel = randomPesel();
        post("subject", subject(group, "VatGroup", List.of(member))).statusCode(200);
        post("permissions", grant(member, "Pesel", pesel, "CredentialsManage")).statusCode(200);
        XadesTestSigner.Signer person = XadesTestSigner.person(pesel, KeyKind.EC_P256);
        assertEquals(200, xadesLogin(person, member).statusCode());

        post("subject/remove", Map.of("subjectNip", group)).statusCode(200).body(emptyString());
        assertEquals(415, xadesLogin(person, member).statusCode());
        // Both are gone: their NIPs can be created again.
        post("subject", subject(member, "JST", null)).statusCode(200);
        post("subject", subject(group, "JST", null)).statusCode(200);
        assertEquals(200, xadesLogin(XadesTestSigner.seal(group, KeyKind.EC_P256), group).statusCode());
        // Removing what does not exist changes nothing.
        post("subject/remove", Map.of("subjectNip", randomNip())).statusCode(200);
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void subjectRequestsAreValidatedAsTheSpecSays(boolean problemDetails) {
        Map<String, Object> bad = new LinkedHashMap<>();
        bad.put("subjectNip", "0123456789");
        bad.put("subjectType", "Company");
        bad.put("description", "abc");
        bad.put("subunits", List.of(Map.of("subjectNip", "12345", "description", "członek grupy")));
        var response = post("subject", bad, problemDetails).statusCode(400);
        List<String> details = List.of("'subjectNip' is not in the correct format.",
                "'subjectType' has a range of values which does not include 'Company'.",
                "'description' must be between 5 and 256 characters. You entered 3 characters.",
                "'subunits[0].subjectNip' is not in the correct format.");
        if (problemDetails) {
            response.contentType(startsWith("application/problem+json"))
                    .body("errors[0].code", equalTo(21405))
                    .body("errors[0].description", equalTo("Błąd walidacji danych wejściowych."))
                    .body("errors[0].details", containsInAnyOrder(details.toArray()));
        } else {
            response.body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                    .body("exception.exceptionDetailList[0].details", containsInAnyOrder(details.toArray()));
        }
        assertValidation(post("subject", Map.of()), "'subjectNip' must not be empty.");
        assertValidation(post("subject/remove", Map.of("subjectNip", "1")),
                "'subjectNip' is not in the correct format.");
        assertValidation(post("subject/remove", Map.of()), "'subjectNip' must not be empty.");
        TestDataClient.request(false).body("{\"subjectNip\": ").post("/v2/testdata/subject").then()
                .statusCode(400).body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405));
    }

    static Map<String, Object> subject(String nip, String type, List<String> subunits) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("subjectNip", nip);
        body.put("subjectType", type);
        body.put("description", "Podmiot testowy " + nip);
        if (subunits != null) {
            body.put("subunits", subunits.stream().map(subunit -> Map.of("subjectNip", subunit,
                    "description", "NIP " + subunit + ": członek grupy VAT dla " + nip)).toList());
        }
        return body;
    }

    static Map<String, Object> grant(String contextNip, String type, String value, String... permissions) {
        return Map.of("contextIdentifier", Map.of("type", "Nip", "value", contextNip),
                "authorizedIdentifier", Map.of("type", type, "value", value),
                "permissions", Arrays.stream(permissions)
                        .map(permission -> Map.of("permissionType", permission, "description", "Opis testowy"))
                        .toList());
    }
}

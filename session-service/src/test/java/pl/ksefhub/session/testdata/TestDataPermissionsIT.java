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
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.KsefTestResource;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.session.testdata.TestDataClient.assertValidation;
import static pl.ksefhub.session.testdata.TestDataClient.post;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;
import static pl.ksefhub.session.testdata.TestDataClient.randomPesel;
import static pl.ksefhub.session.testdata.TestDataClient.xadesLogin;
import static pl.ksefhub.session.testdata.TestDataSubjectsIT.grant;

/** {@code /testdata/permissions} and {@code /testdata/permissions/revoke}, and their effect on XAdES logins. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class TestDataPermissionsIT {

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    PlatformKeys keys;

    @Test
    void aPersonGrantedPermissionsLogsInWithThemAndActsUntilTheyAreRevoked() {
        String context = randomNip();
        String pesel = randomPesel();
        XadesTestSigner.Signer person = XadesTestSigner.person(pesel, KeyKind.EC_P256);
        TestDataClient.xadesStatus(person, context).body("status.code", equalTo(415))
                .body("status.description", equalTo("Uwierzytelnianie zakończone niepowodzeniem"))
                .body("status.details", contains("Brak przypisanych uprawnień"));

        post("permissions", grant(context, "Pesel", pesel, "InvoiceWrite")).statusCode(200).body(emptyString());
        post("permissions", grant(context, "Pesel", pesel, "InvoiceRead", "InvoiceWrite")).statusCode(200);
        TestDataClient.Login login = xadesLogin(person, context);
        assertEquals(200, login.statusCode());
        assertEquals(Set.of("InvoiceWrite", "InvoiceRead"), verifier.verify(login.accessToken()).permissions());
        TestDataClient.openOnlineSession(login.accessToken(), keys).statusCode(201);

        post("permissions/revoke", Map.of("contextIdentifier", Map.of("type", "Nip", "value", context),
                "authorizedIdentifier", Map.of("type", "Pesel", "value", pesel))).statusCode(200)
                .body(emptyString());
        assertEquals(415, xadesLogin(person, context).statusCode());
    }

    /** The official Java SDK names each permission's type {@code permission}, the spec {@code permissionType}. */
    @Test
    void aPermissionSentAsTheOfficialSdkNamesItIsGrantedToo() {
        String context = randomNip();
        String pesel = randomPesel();
        post("permissions", Map.of(
                "contextIdentifier", Map.of("value", context, "type", "nip"),
                "authorizedIdentifier", Map.of("value", pesel, "type", "pesel"),
                "permissions", List.of(Map.of("permission", "InvoiceRead", "description", "z SDK")))).statusCode(200);
        TestDataClient.Login login = xadesLogin(XadesTestSigner.person(pesel, KeyKind.EC_P256), context);
        assertEquals(200, login.statusCode());
        assertEquals(Set.of("InvoiceRead"), verifier.verify(login.accessToken()).permissions());
    }

    /** 403 ForbiddenProblemDetails, texts as the spec and the official SDK tests have them. */
    @Test
    void aTokenWithoutTheNeededPermissionIsRefusedWithTheSpecsProblemDetails() {
        String context = randomNip();
        String nip = randomNip();
        post("permissions", grant(context, "Nip", nip, "InvoiceRead")).statusCode(200);
        TestDataClient.Login login = xadesLogin(XadesTestSigner.seal(nip, KeyKind.EC_P256), context);
        assertEquals(200, login.statusCode());

        TestDataClient.openOnlineSession(login.accessToken(), keys).statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Forbidden"))
                .body("status", equalTo(403))
                .body("detail", equalTo("Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście."))
                .body("instance", equalTo("/v2/sessions/online"))
                .body("reasonCode", equalTo("missing-permissions"))
                .body("security.requiredAnyOfPermissions",
                        contains("InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"))
                .body("security.presentPermissions", contains("InvoiceRead"))
                .body("timestamp", notNullValue())
                .body("traceId", matchesPattern("[0-9a-f]{32}"));
    }

    @Test
    void aCertificateFingerprintCanBeGrantedInAnyCase() {
        String context = randomNip();
        XadesTestSigner.Signer signer = XadesTestSigner.anonymous(KeyKind.EC_P256);
        String fingerprint = CertificateSubject.fingerprint(signer.certificate()).toLowerCase(Locale.ROOT);
        post("permissions", grant(context, "fingerprint", fingerprint, "Introspection")).statusCode(200);
        TestDataClient.Login login = xadesLogin(signer, "Nip", context, "certificateFingerprint");
        assertEquals(200, login.statusCode());
        assertEquals(Set.of("Introspection"), verifier.verify(login.accessToken()).permissions());
    }

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void permissionRequestsAreValidatedAsTheSpecSays(boolean problemDetails) {
        Map<String, Object> bad = Map.of(
                "contextIdentifier", Map.of("type", "InternalId", "value", "1234567890-00001"),
                "authorizedIdentifier", Map.of("type", "Pesel", "value", "1234"),
                "permissions", List.of(Map.of("permissionType", "Owner", "description", "Opis testowy"),
                        Map.of("permissionType", "InvoiceRead", "description", "abc")));
        var response = post("permissions", bad, problemDetails).statusCode(400);
        List<String> details = List.of(
                "'contextIdentifier.type' has a range of values which does not include 'InternalId'.",
                "'contextIdentifier.value' is not in the correct format.",
                "'authorizedIdentifier.value' is not in the correct format.",
                "'permissions[0].permissionType' has a range of values which does not include 'Owner'.",
                "'permissions[1].description' must be between 5 and 256 characters. You entered 3 characters.");
        if (problemDetails) {
            response.contentType(startsWith("application/problem+json"))
                    .body("title", equalTo("Bad Request"))
                    .body("errors[0].code", equalTo(21405))
                    .body("errors[0].details", containsInAnyOrder(details.toArray()));
        } else {
            response.body("exception.exceptionDetailList[0].exceptionCode", equalTo(21405))
                    .body("exception.exceptionDetailList[0].details", containsInAnyOrder(details.toArray()));
        }
        assertValidation(post("permissions", Map.of("contextIdentifier", Map.of("type", "Nip", "value", randomNip()),
                "authorizedIdentifier", Map.of("type", "Nip", "value", randomNip()), "permissions", List.of())),
                "'permissions' must not be empty.");
        assertValidation(post("permissions/revoke", Map.of("contextIdentifier",
                Map.of("type", "Nip", "value", randomNip()))), "'authorizedIdentifier' must not be empty.");
        assertValidation(post("permissions/revoke", Map.of("contextIdentifier", Map.of("type", "Nip",
                "value", randomNip()), "authorizedIdentifier", Map.of("type", "Email", "value", "a@b.pl"))),
                "'authorizedIdentifier.type' has a range of values which does not include 'Email'.");
    }
}

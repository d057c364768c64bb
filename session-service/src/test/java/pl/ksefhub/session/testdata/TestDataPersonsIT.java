package pl.ksefhub.session.testdata;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.KsefTestResource;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.emptyString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.testdata.TestDataClient.assertValidation;
import static pl.ksefhub.session.testdata.TestDataClient.post;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;
import static pl.ksefhub.session.testdata.TestDataClient.randomPesel;
import static pl.ksefhub.session.testdata.TestDataClient.xadesLogin;

/** {@code /testdata/person} and {@code /testdata/person/remove} (dane-testowe-scenariusze.md, scenarios 1, 2). */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class TestDataPersonsIT {

    @Inject
    AccessTokenVerifier verifier;
    @Inject
    PlatformKeys keys;

    @Test
    void aPersonOwnsItsNipsContextByPeselAsAJdgWithoutEnforcementOperations() {
        String nip = randomNip();
        String pesel = randomPesel();
        post("person", person(nip, pesel, false, null)).statusCode(200).body(emptyString());

        TestDataClient.Login byPesel = xadesLogin(XadesTestSigner.person(pesel, KeyKind.EC_P256), nip);
        assertEquals(200, byPesel.statusCode());
        Set<String> permissions = verifier.verify(byPesel.accessToken()).permissions();
        assertTrue(permissions.containsAll(Set.of("Owner", "InvoiceWrite", "InvoiceRead", "CredentialsManage")));
        assertFalse(permissions.contains("EnforcementOperations"));
        assertFalse(permissions.contains("VatUeManage"));
        TestDataClient.openOnlineSession(byPesel.accessToken(), keys).statusCode(201);

        TestDataClient.Login byNip = xadesLogin(XadesTestSigner.person(nip, KeyKind.EC_P256), nip);
        assertEquals(permissions, verifier.verify(byNip.accessToken()).permissions());
        // The PESEL owns only the context of its own NIP.
        assertEquals(415, xadesLogin(XadesTestSigner.person(pesel, KeyKind.EC_P256), randomNip()).statusCode());
    }

    @Test
    void aBailiffAlsoHoldsEnforcementOperations() {
        String nip = randomNip();
        String pesel = randomPesel();
        post("person", person(nip, pesel, true, null)).statusCode(200);
        TestDataClient.Login login = xadesLogin(XadesTestSigner.person(pesel, KeyKind.RSA_2048), nip);
        assertEquals(200, login.statusCode());
        assertTrue(verifier.verify(login.accessToken()).permissions()
                .containsAll(Set.of("Owner", "EnforcementOperations")));
    }

    @Test
    void aDeceasedPersonCannotAuthenticateByPeselNorByNip() {
        String nip = randomNip();
        String pesel = randomPesel();
        post("person", person(nip, pesel, false, true)).statusCode(200);
        for (String identifier : new String[] {pesel, nip}) {
            TestDataClient.xadesStatus(XadesTestSigner.person(identifier, KeyKind.EC_P256), nip)
                    .body("status.code", equalTo(470))
                    .body("status.description", equalTo("Uwierzytelnianie zakończone niepowodzeniem"))
                    .body("status.details", contains("Próba wykorzystania metod autoryzacyjnych osoby zmarłej"));
        }
    }

    @Test
    void removingAPersonTakesAwayItsOwnershipAndEveryPermissionGrantedToIt() {
        String nip = randomNip();
        String pesel = randomPesel();
        String otherContext = randomNip();
        post("person", person(nip, pesel, false, null)).statusCode(200);
        post("permissions", TestDataSubjectsIT.grant(otherContext, "Pesel", pesel, "InvoiceRead")).statusCode(200);
        post("permissions", TestDataSubjectsIT.grant(otherContext, "Nip", nip, "InvoiceRead")).statusCode(200);
        XadesTestSigner.Signer byPesel = XadesTestSigner.person(pesel, KeyKind.EC_P256);
        assertEquals(200, xadesLogin(byPesel, otherContext).statusCode());

        post("person/remove", Map.of("nip", nip)).statusCode(200).body(emptyString());
        assertEquals(415, xadesLogin(byPesel, nip).statusCode());
        assertEquals(415, xadesLogin(byPesel, otherContext).statusCode());
        assertEquals(415, xadesLogin(XadesTestSigner.person(nip, KeyKind.EC_P256), otherContext).statusCode());
        post("person/remove", Map.of("nip", nip)).statusCode(200);
        post("person", person(nip, pesel, false, null)).statusCode(200);
    }

    @Test
    void aNipOrPeselInUseIs30001() {
        String nip = randomNip();
        String pesel = randomPesel();
        post("person", person(nip, pesel, false, null)).statusCode(200);
        post("person", person(nip, randomPesel(), false, null)).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(30001))
                .body("exception.exceptionDetailList[0].exceptionDescription",
                        equalTo("Podmiot lub uprawnienie już istnieje."));
        post("person", person(randomNip(), pesel, false, null)).statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(30001));
    }

    @Test
    void personRequestsAreValidatedAsTheSpecSays() {
        Map<String, Object> body = person(randomNip(), "99999999999", false, null);
        assertValidation(post("person", body), "'pesel' is not in the correct format.");
        body = person(randomNip(), randomPesel(), false, null);
        body.remove("isBailiff");
        assertValidation(post("person", body), "'isBailiff' must not be empty.");
        body = person(randomNip(), randomPesel(), false, null);
        body.put("isBailiff", "maybe");
        assertValidation(post("person", body), "'isBailiff' has an invalid value: 'maybe'.");
        assertValidation(post("person/remove", Map.of("nip", "")), "'nip' must not be empty.");
    }

    static Map<String, Object> person(String nip, String pesel, boolean bailiff, Boolean deceased) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("nip", nip);
        body.put("pesel", pesel);
        body.put("description", bailiff ? "Komornik" : "Osoba JDG");
        body.put("isBailiff", bailiff);
        if (deceased != null) {
            body.put("isDeceased", deceased);
        }
        return body;
    }
}

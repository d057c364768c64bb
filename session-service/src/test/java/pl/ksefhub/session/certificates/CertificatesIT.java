package pl.ksefhub.session.certificates;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.bouncycastle.asn1.x500.X500Name;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.TestTokens;
import pl.ksefhub.testsupport.xades.DssTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Signer;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.Signature;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.empty;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.session.certificates.Csrs.csr;
import static pl.ksefhub.session.certificates.Csrs.ec;
import static pl.ksefhub.session.certificates.Csrs.rsa;
import static pl.ksefhub.session.testdata.TestDataClient.assertValidation;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;

/**
 * {@code /certificates/**} (certyfikaty-KSeF.md) over HTTP as a KSeF client does it: log in with XAdES, read the
 * enrollment data, build a CSR from it, enroll, poll, retrieve, log in with the KSeF certificate, revoke.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class CertificatesIT {

    @Inject
    CertificateAuthority authority;
    @Inject
    AccessTokenVerifier verifier;
    @Inject
    DataSource dataSource;

    @Test
    void aSealEnrollsAnAuthenticationCertificateLogsInWithItAndNoLongerAfterRevokingIt() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.seal(nip, KeyKind.RSA_2048), nip);
        given().auth().oauth2(token).get("/v2/certificates/limits").then().statusCode(200)
                .body("canRequest", equalTo(true))
                .body("enrollment.limit", equalTo(300)).body("enrollment.remaining", equalTo(300))
                .body("certificate.limit", equalTo(100)).body("certificate.remaining", equalTo(100));

        Map<String, Object> data = enrollmentData(token);
        assertEquals(Map.of("commonName", "Pieczęć " + nip, "countryName", "PL",
                "organizationName", "Firma testowa " + nip, "organizationIdentifier", "VATPL-" + nip), data);

        KeyPair keys = rsa();
        String reference = enroll(token, "Certyfikat logowania", "Authentication", csr(data, keys, "SHA256withRSA"))
                .statusCode(202).body("timestamp", notNullValue()).extract().path("referenceNumber");
        assertEquals("EH", ReferenceNumbers.kindOf(reference));
        String serial = given().auth().oauth2(token).get("/v2/certificates/enrollments/" + reference).then()
                .statusCode(200)
                .body("requestDate", notNullValue())
                .body("status.code", equalTo(200))
                .body("status.description", equalTo("Wniosek obsłużony (certyfikat wygenerowany)"))
                .body("certificateSerialNumber", matchesPattern("[0-9A-F]{16}"))
                .extract().path("certificateSerialNumber");

        X509Certificate certificate = retrieve(token, serial, "Certyfikat logowania", "Authentication");
        assertEquals(authority.certificate().getSubjectX500Principal(), certificate.getIssuerX500Principal());
        certificate.verify(authority.certificate().getPublicKey());
        assertArrayEquals(keys.getPublic().getEncoded(), certificate.getPublicKey().getEncoded());
        assertTrue(certificate.getKeyUsage()[0], "digitalSignature");
        assertEquals(-1, certificate.getBasicConstraints());
        assertEquals(X500Name.getInstance(Csrs.subject(data).getEncoded()),
                X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded()));
        given().auth().oauth2(token).get("/v2/certificates/limits").then().statusCode(200)
                .body("enrollment.remaining", equalTo(299)).body("certificate.remaining", equalTo(99));

        // The KSeF certificate logs in as its holder, and its chain verifies to this installation's CA.
        Signer ksefCertificate = new Signer(certificate, keys);
        String authenticationToken = startLogin(ksefCertificate, nip, true);
        String started = lastReference;
        given().auth().oauth2(authenticationToken).get("/v2/auth/" + started).then().statusCode(200)
                .body("status.code", equalTo(200))
                .body("authenticationMethod", equalTo("InternalCertificate"))
                .body("authenticationMethodInfo.code", equalTo("xades.internal-certificate"))
                .body("authenticationMethodInfo.displayName", equalTo("Certyfikat KSeF"));
        String accessToken = given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then()
                .statusCode(200).extract().path("accessToken.token");
        KsefPrincipal principal = verifier.verify(accessToken);
        assertEquals(nip, principal.subject());
        assertEquals("InternalCertificate", principal.authMethod());
        assertTrue(principal.permissions().contains("Owner"));
        // Signed by EU DSS as the official SDK signs (its authorizeByKSeFCertificate tests); EC: the fingerprint test.
        String dssToken = startLogin(ksefCertificate, nip, true, true);
        given().auth().oauth2(dssToken).get("/v2/auth/" + lastReference).then().statusCode(200)
                .body("status.code", equalTo(200));
        given().auth().oauth2(dssToken).post("/v2/auth/token/redeem").then().statusCode(200);
        // The same subject sees the same certificates from the new login.
        query(accessToken, Map.of("certificateSerialNumber", serial), null, null).statusCode(200)
                .body("certificates", hasSize(1))
                .body("certificates[0].name", equalTo("Certyfikat logowania"))
                .body("certificates[0].type", equalTo("Authentication"))
                .body("certificates[0].commonName", equalTo("Pieczęć " + nip))
                .body("certificates[0].status", equalTo("Active"))
                .body("certificates[0].subjectIdentifier.type", equalTo("Nip"))
                .body("certificates[0].subjectIdentifier.value", equalTo(nip))
                .body("certificates[0].validFrom", notNullValue())
                .body("certificates[0].validTo", notNullValue())
                .body("certificates[0].requestDate", notNullValue())
                .body("certificates[0].lastUseDate", notNullValue())
                .body("hasMore", equalTo(false));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("revocationReason", "KeyCompromise"))
                .post("/v2/certificates/" + serial + "/revoke").then().statusCode(204);
        query(token, Map.of(), null, null).statusCode(200)
                .body("certificates[0].certificateSerialNumber", equalTo(serial))
                .body("certificates[0].status", equalTo("Revoked"));
        assertLoginRefused(ksefCertificate, nip, "Certyfikat odwołany");
        assertError(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .post("/v2/certificates/" + serial + "/revoke").then(), 25009,
                "Nie można odwołać wskazanego certyfikatu, ponieważ jest już odwołany, zablokowany lub"
                        + " nieważny.");
        given().auth().oauth2(token).get("/v2/certificates/limits").then().statusCode(200)
                .body("enrollment.remaining", equalTo(299)).body("certificate.remaining", equalTo(100));
    }

    @Test
    void aPersonEnrollsAnOfflineCertificateWithEcP256WhichCannotLogIn() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.person(nip, KeyKind.EC_P256), nip);
        Map<String, Object> data = enrollmentData(token);
        assertEquals(Map.of("commonName", "Jan Kowalski", "countryName", "PL", "givenName", "Jan",
                "surname", "Kowalski", "serialNumber", "TINPL-" + nip), data);
        KeyPair keys = ec("secp256r1");
        String reference = enroll(token, "Faktury offline", "Offline", csr(data, keys, "SHA256withECDSA"))
                .statusCode(202).extract().path("referenceNumber");
        String serial = given().auth().oauth2(token).get("/v2/certificates/enrollments/" + reference).then()
                .statusCode(200).body("status.code", equalTo(200)).extract().path("certificateSerialNumber");
        X509Certificate certificate = retrieve(token, serial, "Faktury offline", "Offline");
        assertTrue(certificate.getKeyUsage()[1], "nonRepudiation");
        assertTrue(!certificate.getKeyUsage()[0], "no digitalSignature");

        assertLoginRefused(new Signer(certificate, keys), nip, "Niepoprawny certyfikat");
        query(token, Map.of("type", "Offline", "status", "Active"), null, null).statusCode(200)
                .body("certificates.certificateSerialNumber", contains(serial))
                .body("certificates[0].subjectIdentifier.type", equalTo("Nip"))
                .body("certificates[0].lastUseDate", nullValue());
        query(token, Map.of("type", "Authentication"), null, null).statusCode(200).body("certificates", empty());
    }

    /** KOD II (kody-qr.md): signed with an Offline certificate's key, verified here until it is revoked. */
    @Test
    void kodIiLinksSignedWithAnOfflineCertificateVerifyUntilItIsRevoked() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip);
        Map<String, Object> data = enrollmentData(token);
        KeyPair ecKeys = ec("secp256r1");
        String ecSerial = issue(token, "Offline EC", "Offline", csr(data, ecKeys, "SHA256withECDSA"));
        KeyPair rsaKeys = rsa();
        String rsaSerial = issue(token, "Offline RSA", "Offline", csr(data, rsaKeys, "SHA256withRSA"));
        KeyPair authKeys = ec("secp256r1");
        String authSerial = issue(token, "Logowanie", "Authentication", csr(data, authKeys, "SHA256withECDSA"));
        String hash = Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest("<Faktura/>".getBytes(StandardCharsets.UTF_8)));

        String ecLink = kodIi(nip, ecSerial, hash, ecKeys, "SHA256withECDSAinP1363Format");
        given().accept(ContentType.JSON).get(ecLink).then().statusCode(200)
                .body("verified", equalTo(true)).body("signatureValid", equalTo(true))
                .body("certificateStatus", equalTo("Active"))
                .body("issuer.type", equalTo("Nip")).body("issuer.value", equalTo(nip))
                .body("contextIdentifier.value", equalTo(nip)).body("sellerNip", equalTo(nip))
                .body("certificateExists", equalTo(true)).body("certificateActive", equalTo(true))
                .body("issuerPermitted", equalTo(true)).body("contextMayIssueForSeller", equalTo(true))
                .body("problems", empty());
        // Behind the edge: the link the client signed names the edge's host and port, which reach us forwarded.
        given().accept(ContentType.JSON).header("X-Forwarded-Host", "localhost:" + RestAssured.port)
                .header("X-Forwarded-Proto", "http").header("X-Forwarded-Port", RestAssured.port)
                .get(ecLink).then().statusCode(200).body("signatureValid", equalTo(true));
        // The page a phone opens says each check in the Ministry's words.
        given().get(ecLink).then().statusCode(200).contentType(containsString("text/html"))
                .body(containsString("Certyfikat istnieje"), containsString("Certyfikat jest aktywny"),
                        containsString("Podpis wystawcy jest prawidłowy"),
                        containsString("Wystawca posiada uprawnienia do wystawienia faktury"));
        // Steps 3 and 4: the holder has no permission in another's context; its context does not invoice for a
        // seller that authorized nothing.
        String other = randomNip();
        given().accept(ContentType.JSON).get(kodIi(other, other, ecSerial, hash, ecKeys,
                        "SHA256withECDSAinP1363Format")).then().statusCode(200)
                .body("verified", equalTo(false)).body("signatureValid", equalTo(true))
                .body("issuerPermitted", equalTo(false)).body("contextMayIssueForSeller", equalTo(true));
        String forOther = kodIi(nip, other, ecSerial, hash, ecKeys, "SHA256withECDSAinP1363Format");
        given().accept(ContentType.JSON).get(forOther).then().statusCode(200)
                .body("verified", equalTo(false)).body("issuerPermitted", equalTo(true))
                .body("contextMayIssueForSeller", equalTo(false))
                .body("problems", contains("Kontekst nie może wystawiać faktur sprzedawcy o NIP " + other + "."));
        given().get(forOther).then().statusCode(200)
                .body(containsString("Wystawca nie posiada uprawnień do wystawienia faktury"),
                        not(containsString("Wystawca posiada uprawnienia")));
        given().accept(ContentType.JSON).get(kodIi(nip, ecSerial, hash, ecKeys, "SHA256withECDSA")).then().statusCode(200)
                .body("verified", equalTo(true));
        given().accept(ContentType.JSON).get(kodIi(nip, rsaSerial, hash, rsaKeys, "RSASSA-PSS")).then().statusCode(200)
                .body("verified", equalTo(true));
        // Another invoice's hash under the same signature, another key, an Authentication certificate: refused.
        String otherHash = hash.substring(1) + "A";
        given().accept(ContentType.JSON).get(ecLink.replace(hash, otherHash)).then().statusCode(200)
                .body("verified", equalTo(false)).body("signatureValid", equalTo(false));
        given().accept(ContentType.JSON).get(kodIi(nip, ecSerial, hash, ec("secp256r1"), "SHA256withECDSAinP1363Format")).then()
                .statusCode(200).body("verified", equalTo(false));
        given().accept(ContentType.JSON).get(kodIi(nip, authSerial, hash, authKeys, "SHA256withECDSAinP1363Format")).then().statusCode(200)
                .body("verified", equalTo(false)).body("signatureValid", equalTo(true))
                .body("problems", contains("Certyfikat nie jest certyfikatem KSeF typu Offline."));
        given().accept(ContentType.JSON).get(kodIi(nip, "0000000000000001", hash, ecKeys, "SHA256withECDSAinP1363Format")).then()
                .statusCode(200).body("verified", equalTo(false))
                .body("problems", contains("Certyfikat o podanym numerze seryjnym nie istnieje."));

        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .post("/v2/certificates/" + ecSerial + "/revoke").then().statusCode(204);
        given().accept(ContentType.JSON).get(ecLink).then().statusCode(200)
                .body("verified", equalTo(false)).body("signatureValid", equalTo(true))
                .body("certificateStatus", equalTo("Revoked")).body("certificateActive", equalTo(false));
        given().get(ecLink).then().statusCode(200)
                .body(containsString("Certyfikat istnieje"), containsString("Certyfikat nie jest aktywny"));
    }

    @Test
    void aCsrWhoseDataDifferFromTheLoginsCertificateIsRefused() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip);
        Map<String, Object> data = enrollmentData(token);

        Map<String, Object> otherNip = new LinkedHashMap<>(data);
        otherNip.put("organizationIdentifier", "VATPL-" + randomNip());
        assertError(enroll(token, "Cudzy NIP", "Authentication", csr(otherNip, ec("secp256r1"), "SHA256withECDSA")),
                25003, "Dane w CSR nie zgadzają się z danymi w użytym wektorze uwierzytelniającym.");
        Map<String, Object> extra = new LinkedHashMap<>(data);
        extra.put("serialNumber", "TINPL-" + nip);
        assertError(enroll(token, "Dodatkowy atrybut", "Authentication",
                csr(extra, ec("secp256r1"), "SHA256withECDSA")), 25003,
                "Dane w CSR nie zgadzają się z danymi w użytym wektorze uwierzytelniającym.");
        given().auth().oauth2(token).get("/v2/certificates/limits").then().statusCode(200)
                .body("enrollment.remaining", equalTo(300));
    }

    @Test
    void keysAndSignatureAlgorithmsOutsideTheSpecAreRefused() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip);
        Map<String, Object> data = enrollmentData(token);

        KeyPairGenerator rsa1024 = KeyPairGenerator.getInstance("RSA");
        rsa1024.initialize(1024);
        assertError(enroll(token, "Za krotki klucz", "Authentication",
                csr(data, rsa1024.generateKeyPair(), "SHA256withRSA")), 25010,
                "Nieprawidłowy typ lub długość klucza.");
        assertError(enroll(token, "Krzywa P-384", "Authentication",
                csr(data, ec("secp384r1"), "SHA256withECDSA")), 25010, "Nieprawidłowy typ lub długość klucza.");
        assertError(enroll(token, "Skrot MD5", "Authentication", csr(data, rsa(), "MD5withRSA")), 25011,
                "Nieprawidłowy algorytm podpisu CSR.");
        assertError(enroll(token, "Nie Base64", "Authentication", "to nie jest CSR!"), 25004,
                "Niepoprawny format CSR lub niepoprawny podpis CSR.");
        byte[] tampered = Base64.getDecoder().decode(csr(data, ec("secp256r1"), "SHA256withECDSA"));
        tampered[tampered.length - 5] ^= 0x01;
        assertError(enroll(token, "Zly podpis", "Authentication", Base64.getEncoder().encodeToString(tampered)),
                25004, "Niepoprawny format CSR lub niepoprawny podpis CSR.");

        // RSA-PSS and SHA-1 are among the allowed algorithms.
        enroll(token, "Podpis PSS", "Authentication", csr(data, rsa(), "SHA256withRSAandMGF1")).statusCode(202);
        enroll(token, "Podpis SHA1", "Authentication", csr(data, ec("secp256r1"), "SHA1withECDSA"))
                .statusCode(202);
    }

    /**
     * A login by fingerprint enrolls for that fingerprint: its certificate names no NIP or PESEL, and the KSeF
     * certificate logs in as the fingerprint it was issued to, with the permissions granted to that fingerprint.
     */
    @Test
    void aFingerprintLoginEnrollsACertificateThatLogsInAsThatFingerprint() throws Exception {
        String nip = randomNip();
        Signer anonymous = XadesTestSigner.anonymous(KeyKind.EC_P256);
        String fingerprint = CertificateSubject.fingerprint(anonymous.certificate());
        execute("insert into permission_grant (id, grant_kind, context_type, context_value, subject_type,"
                + " subject_value, permission, description, author_type, granted_in_type, granted_in_value, state,"
                + " created_at) select gen_random_uuid()::text, 'Person', 'Nip', v.c, 'Fingerprint', v.s, p,"
                + " 'test grant', 'System', 'Nip', v.c, 'Active', now() from (values (?, ?)) v(c, s)"
                + " cross join unnest(string_to_array('InvoiceRead', ',')) p", nip,
                fingerprint);
        TestDataClient.Login login = TestDataClient.xadesLogin(anonymous, "Nip", nip, "certificateFingerprint");
        assertEquals(200, login.statusCode());
        Map<String, Object> data = enrollmentData(login.accessToken());
        assertEquals(Map.of("commonName", "Nikt", "countryName", "PL"), data);
        given().auth().oauth2(login.accessToken()).get("/v2/certificates/limits").then().statusCode(200)
                .body("enrollment.limit", equalTo(12)).body("certificate.limit", equalTo(6));
        KeyPair keys = ec("secp256r1");
        String reference = enroll(login.accessToken(), "Certyfikat odcisku", "Authentication",
                csr(data, keys, "SHA256withECDSA")).statusCode(202).extract().path("referenceNumber");
        String serial = given().auth().oauth2(login.accessToken()).get("/v2/certificates/enrollments/" + reference)
                .then().statusCode(200).body("status.code", equalTo(200)).extract().path("certificateSerialNumber");
        X509Certificate certificate = retrieve(login.accessToken(), serial, "Certyfikat odcisku", "Authentication");

        String authenticationToken = startLogin(new Signer(certificate, keys), nip, true, true);
        String accessToken = given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then()
                .statusCode(200).extract().path("accessToken.token");
        KsefPrincipal principal = verifier.verify(accessToken);
        assertEquals(fingerprint, principal.subject());
        assertEquals(Set.of("InvoiceRead"), principal.permissions());
        query(accessToken, Map.of(), null, null).statusCode(200)
                .body("certificates[0].subjectIdentifier.type", equalTo("Fingerprint"))
                .body("certificates[0].subjectIdentifier.value", equalTo(fingerprint));
    }

    @Test
    void enrollmentFieldsAreValidatedAsTheSpecSays() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip);
        String csr = csr(enrollmentData(token), ec("secp256r1"), "SHA256withECDSA");
        assertValidation(enroll(token, "abc", "Authentication", csr),
                "'certificateName' must be between 5 and 100 characters. You entered 3 characters.");
        assertValidation(enroll(token, "Nazwa/z/ukosnikami", "Authentication", csr),
                "'certificateName' is not in the correct format.");
        assertValidation(enroll(token, "Certyfikat", "Both", csr),
                "'certificateType' has a range of values which does not include 'Both'.");
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("certificateName", "Certyfikat");
        body.put("certificateType", "Authentication");
        body.put("csr", csr);
        body.put("validFrom", "jutro");
        assertValidation(given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/v2/certificates/enrollments").then(), "'validFrom' is not a valid date-time.");

        // A future validFrom is kept; one in the past means "from now".
        OffsetDateTime later = OffsetDateTime.now().plusDays(3).withNano(0);
        body.put("validFrom", later.toString());
        String reference = given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/v2/certificates/enrollments").then().statusCode(202).extract().path("referenceNumber");
        String serial = given().auth().oauth2(token).get("/v2/certificates/enrollments/" + reference).then()
                .extract().path("certificateSerialNumber");
        X509Certificate certificate = retrieve(token, serial, "Certyfikat", "Authentication");
        assertEquals(later.toInstant(), certificate.getNotBefore().toInstant());

        // Without an offset, as the official Java SDK sends it (LocalDateTime.toString()): Polish time.
        java.time.LocalDateTime local = java.time.LocalDateTime.now().plusDays(4).withNano(0);
        body.put("certificateName", "Certyfikat lokalny");
        body.put("validFrom", local.toString());
        String localReference = given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/v2/certificates/enrollments").then().statusCode(202).extract().path("referenceNumber");
        String localSerial = given().auth().oauth2(token).get("/v2/certificates/enrollments/" + localReference)
                .then().extract().path("certificateSerialNumber");
        assertEquals(local.atZone(java.time.ZoneId.of("Europe/Warsaw")).toInstant(),
                retrieve(token, localSerial, "Certyfikat lokalny", "Authentication").getNotBefore().toInstant());
    }

    @Test
    void aKsefTokenLoginHasNoEnrollmentDataAndCannotEnrollOrRevoke() {
        String token = TestTokens.accessToken(randomNip());
        assertError(given().auth().oauth2(token).get("/v2/certificates/enrollments/data").then(), 25001,
                "Brak możliwości pobrania danych do CSR dla wykorzystanego sposobu uwierzytelnienia.");
        assertError(enroll(token, "Certyfikat", "Authentication", "MIIB"), 25002,
                "Brak możliwości złożenia wniosku certyfikacyjnego dla wykorzystanego sposobu uwierzytelnienia.");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .post("/v2/certificates/0123456789ABCDEF/revoke").then().statusCode(403)
                .contentType(startsWith("application/problem+json"))
                .body("reasonCode", equalTo("auth-method-not-allowed"))
                .body("security.authenticationMethodCategory", equalTo("Token"));
        given().auth().oauth2(token).get("/v2/certificates/limits").then().statusCode(200)
                .body("canRequest", equalTo(true));
        query(token, Map.of(), null, null).statusCode(200).body("certificates", empty())
                .body("hasMore", equalTo(false));
    }

    @Test
    void theSubjectsLimitsFromTestDataStopFurtherRequests() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip);
        Map<String, Object> data = enrollmentData(token);
        setSubjectLimits(token, Map.of("subjectIdentifierType", "Nip", "certificate", Map.of("maxCertificates", 1)));
        given().auth().oauth2(token).get("/v2/certificates/limits").then().statusCode(200)
                .body("certificate.limit", equalTo(1)).body("certificate.remaining", equalTo(1));
        enroll(token, "Pierwszy", "Offline", csr(data, ec("secp256r1"), "SHA256withECDSA")).statusCode(202);
        given().auth().oauth2(token).get("/v2/certificates/limits").then().statusCode(200)
                .body("canRequest", equalTo(false)).body("certificate.remaining", equalTo(0));
        assertError(enroll(token, "Drugi", "Offline", csr(data, ec("secp256r1"), "SHA256withECDSA")), 25007,
                "Osiągnięto limit dopuszczalnej liczby posiadanych certyfikatów.");

        setSubjectLimits(token, Map.of("subjectIdentifierType", "Nip", "enrollment", Map.of("maxEnrollments", 1),
                "certificate", Map.of("maxCertificates", 5)));
        assertError(enroll(token, "Trzeci", "Offline", csr(data, ec("secp256r1"), "SHA256withECDSA")), 25006,
                "Osiągnięto limit możliwych do złożenia wniosków certyfikacyjnych.");
        given().auth().oauth2(token).delete("/v2/testdata/limits/subject/certificate").then().statusCode(200);
        enroll(token, "Czwarty", "Offline", csr(data, ec("secp256r1"), "SHA256withECDSA")).statusCode(202);
    }

    @Test
    void aKeyAlreadyCertifiedForAnotherSubjectIsRejectedInTheStatus() throws Exception {
        KeyPair keys = ec("secp256r1");
        String firstNip = randomNip();
        String first = login(XadesTestSigner.seal(firstNip, KeyKind.EC_P256), firstNip);
        enroll(first, "Klucz wspolny", "Offline", csr(enrollmentData(first), keys, "SHA256withECDSA"))
                .statusCode(202);
        String secondNip = randomNip();
        String second = login(XadesTestSigner.seal(secondNip, KeyKind.EC_P256), secondNip);
        String reference = enroll(second, "Klucz wspolny", "Offline",
                csr(enrollmentData(second), keys, "SHA256withECDSA")).statusCode(202).extract().path("referenceNumber");
        given().auth().oauth2(second).get("/v2/certificates/enrollments/" + reference).then().statusCode(200)
                .body("status.code", equalTo(400))
                .body("status.description", equalTo("Wniosek odrzucony"))
                .body("status.details", contains("Klucz publiczny został już certyfikowany przez inny podmiot."))
                .body("certificateSerialNumber", nullValue());
        // After 30 days the status is gone.
        execute("update certificate_enrollment set requested_at = now() - interval '31 days'"
                + " where reference_number = ?", reference);
        given().auth().oauth2(second).get("/v2/certificates/enrollments/" + reference).then().statusCode(410)
                .contentType(startsWith("application/problem+json"))
                .body("title", equalTo("Gone")).body("status", equalTo(410))
                .body("detail", equalTo("Operacja wygasła i nie jest już dostępna."));
        // Another subject's request is not found.
        assertError(given().auth().oauth2(first).get("/v2/certificates/enrollments/" + reference).then(), 25005,
                "Wniosek certyfikacyjny o podanym numerze referencyjnym nie istnieje.");
    }

    @Test
    void queryFiltersAndPagesNewestFirst() throws Exception {
        String nip = randomNip();
        String token = login(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip);
        Map<String, Object> data = enrollmentData(token);
        List<String> serials = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String reference = enroll(token, "Certyfikat " + i, i % 2 == 0 ? "Offline" : "Authentication",
                    csr(data, ec("secp256r1"), "SHA256withECDSA")).statusCode(202).extract().path("referenceNumber");
            serials.add(given().auth().oauth2(token).get("/v2/certificates/enrollments/" + reference).then()
                    .extract().path("certificateSerialNumber"));
        }
        query(token, null, null, null).statusCode(200).body("certificates", hasSize(10))
                .body("certificates[0].certificateSerialNumber", equalTo(serials.get(11)))
                .body("hasMore", equalTo(true));
        query(token, Map.of(), 10, 1).statusCode(200)
                .body("certificates.certificateSerialNumber", contains(serials.get(1), serials.get(0)))
                .body("hasMore", equalTo(false));
        query(token, Map.of("name", "certyfikat 1"), 10, 0).statusCode(200)
                .body("certificates.name", contains("Certyfikat 11", "Certyfikat 10", "Certyfikat 1"));
        query(token, Map.of("type", "Authentication"), 50, 0).statusCode(200).body("certificates", hasSize(6));
        query(token, Map.of("expiresAfter", OffsetDateTime.now().plusYears(5).toString()), null, null)
                .statusCode(200).body("certificates", empty());
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("certificateSerialNumbers", List.of(serials.get(3), "0000000000000001", serials.get(1))))
                .post("/v2/certificates/retrieve").then().statusCode(200)
                .body("certificates.certificateSerialNumber", contains(serials.get(3), serials.get(1)));

        assertValidation(query(token, Map.of("status", "Unknown"), 5, -1),
                "'pageSize' must be between 10 and 50. You entered 5.");
        assertValidation(query(token, Map.of("certificateSerialNumber", "abc"), null, null),
                "'certificateSerialNumber' is not in the correct format.");
        assertValidation(given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("certificateSerialNumbers", List.of())).post("/v2/certificates/retrieve").then(),
                "'certificateSerialNumbers' must not be empty.");
        assertValidation(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .post("/v2/certificates/abc/revoke").then(), "'certificateSerialNumber' is not in the correct format.");
        assertError(given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of())
                .post("/v2/certificates/0000000000000001/revoke").then(), 25008,
                "Certyfikat o podanym numerze seryjnym nie istnieje.");
        assertError(given().auth().oauth2(token).get("/v2/certificates/enrollments/"
                + ReferenceNumbers.next(ReferenceNumbers.CERTIFICATE_ENROLLMENT)).then(), 25005,
                "Wniosek certyfikacyjny o podanym numerze referencyjnym nie istnieje.");
        assertValidation(given().auth().oauth2(token).get("/v2/certificates/enrollments/20250101-EH-1").then(),
                "'referenceNumber' is not in the correct format.");
    }

    @Test
    void certificatesNeedAnAccessToken() {
        given().get("/v2/certificates/limits").then().statusCode(401);
        given().get("/v2/certificates/enrollments/data").then().statusCode(401);
        given().contentType(ContentType.JSON).body(Map.of()).post("/v2/certificates/query").then().statusCode(401);
    }

    // --- a KSeF client over HTTP

    private String lastReference;

    private static String login(Signer signer, String nip) {
        TestDataClient.Login login = TestDataClient.xadesLogin(signer, nip);
        assertEquals(200, login.statusCode());
        return login.accessToken();
    }

    /** Starts a XAdES login; the authentication token, the reference kept in {@link #lastReference}. */
    private String startLogin(Signer signer, String nip, boolean verifyCertificateChain) {
        return startLogin(signer, nip, verifyCertificateChain, false);
    }

    private String startLogin(Signer signer, String nip, boolean verifyCertificateChain, boolean euDss) {
        String challenge = given().post("/v2/auth/challenge").then().statusCode(200).extract().path("challenge");
        String request = XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE, challenge, "Nip", nip,
                "certificateSubject");
        byte[] signed = euDss ? DssTestSigner.sign(request, signer) : XadesTestSigner.sign(request, signer);
        Map<String, Object> started = given().queryParam("verifyCertificateChain", verifyCertificateChain)
                .contentType("application/xml").body(signed).post("/v2/auth/xades-signature").then()
                .statusCode(202).extract().as(Map.class);
        lastReference = (String) started.get("referenceNumber");
        return (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
    }

    private void assertLoginRefused(Signer signer, String nip, String detail) {
        for (boolean verifyChain : new boolean[]{false, true}) {
            String authenticationToken = startLogin(signer, nip, verifyChain);
            given().auth().oauth2(authenticationToken).get("/v2/auth/" + lastReference).then().statusCode(200)
                    .body("status.code", equalTo(460))
                    .body("status.details", contains(detail));
            given().auth().oauth2(authenticationToken).post("/v2/auth/token/redeem").then().statusCode(400);
        }
    }

    private static Map<String, Object> enrollmentData(String token) {
        return given().auth().oauth2(token).get("/v2/certificates/enrollments/data").then().statusCode(200)
                .extract().as(Map.class);
    }

    private static ValidatableResponse enroll(String token, String name, String type, String csr) {
        return given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("certificateName", name, "certificateType", type, "csr", csr))
                .post("/v2/certificates/enrollments").then();
    }

    private static X509Certificate retrieve(String token, String serial, String name, String type) throws Exception {
        String der = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("certificateSerialNumbers", List.of(serial))).post("/v2/certificates/retrieve").then()
                .statusCode(200)
                .body("certificates", hasSize(1))
                .body("certificates[0].certificateSerialNumber", equalTo(serial))
                .body("certificates[0].certificateName", equalTo(name))
                .body("certificates[0].certificateType", equalTo(type))
                .extract().path("certificates[0].certificate");
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der)));
    }

    private static ValidatableResponse query(String token, Map<String, Object> filters, Integer pageSize,
                                             Integer pageOffset) {
        var request = given().auth().oauth2(token).contentType(ContentType.JSON).body(filters == null ? Map.of()
                : filters);
        if (pageSize != null) {
            request = request.queryParam("pageSize", pageSize);
        }
        if (pageOffset != null) {
            request = request.queryParam("pageOffset", pageOffset);
        }
        return request.post("/v2/certificates/query").then();
    }

    /** Enrolls and answers the issued certificate's serial number. */
    private static String issue(String token, String name, String type, String csr) {
        String reference = enroll(token, name, type, csr).statusCode(202).extract().path("referenceNumber");
        return given().auth().oauth2(token).get("/v2/certificates/enrollments/" + reference).then()
                .statusCode(200).body("status.code", equalTo(200)).extract().path("certificateSerialNumber");
    }

    /** A KOD II link on our QR base, signed as the official SDK signs it (the link without its scheme). */
    private static String kodIi(String nip, String serial, String hash, KeyPair keys, String algorithm)
            throws Exception {
        return kodIi(nip, nip, serial, hash, keys, algorithm);
    }

    private static String kodIi(String contextNip, String sellerNip, String serial, String hash, KeyPair keys,
                                String algorithm) throws Exception {
        String path = "/v2/qr/certificate/Nip/%s/%s/%s/%s".formatted(contextNip, sellerNip, serial, hash);
        Signature signer = Signature.getInstance(algorithm);
        if (algorithm.equals("RSASSA-PSS")) {
            signer.setParameter(new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1));
        }
        signer.initSign(keys.getPrivate());
        signer.update(("localhost:" + RestAssured.port + path).getBytes(StandardCharsets.UTF_8));
        return path + "/" + Base64.getUrlEncoder().withoutPadding().encodeToString(signer.sign());
    }

    private void execute(String sql, String... parameters) throws Exception {
        try (Connection connection = dataSource.getConnection();
             PreparedStatement statement = connection.prepareStatement(sql)) {
            for (int i = 0; i < parameters.length; i++) {
                statement.setString(i + 1, parameters[i]);
            }
            statement.executeUpdate();
        }
    }

    private static void setSubjectLimits(String token, Map<String, Object> body) {
        given().auth().oauth2(token).contentType(ContentType.JSON).body(body)
                .post("/v2/testdata/limits/subject/certificate").then().statusCode(200);
    }

    private static void assertError(ValidatableResponse response, int code, String description) {
        response.statusCode(400)
                .body("exception.exceptionDetailList[0].exceptionCode", equalTo(code))
                .body("exception.exceptionDetailList[0].exceptionDescription", equalTo(description));
    }
}

package pl.ksefhub.session.auth.xades;

import pl.ksefhub.testsupport.xades.XadesTestSigner;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.session.certificates.Csrs;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.KsefTestResource;

import javax.sql.DataSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Outside test mode: only certificates that chain to a configured trust anchor are accepted (else 460), and a
 * subject holds only the permissions granted to it (no owner on first use).
 */
@QuarkusTest
@TestProfile(XadesProductionModeIT.ProductionMode.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class XadesProductionModeIT {

    /** Made before Quarkus starts: its PEM file is the trust anchor of the configuration. */
    static final XadesTestSigner.Signer AUTHORITY = XadesTestSigner.certificateAuthority("ksef-hub test CA");

    public static class ProductionMode implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path anchor = Files.createTempFile("xades-anchor", ".pem");
                Files.writeString(anchor, XadesTestSigner.pem(AUTHORITY.certificate()), StandardCharsets.US_ASCII);
                return Map.of("ksef.session.test-mode", "false",
                        "ksef.session.xades.trust-anchors", anchor.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Inject
    DataSource dataSource;
    @Inject
    AccessTokenVerifier verifier;

    @Test
    void aSealOfATrustedAuthorityLogsInWithTheGrantedPermissionsOnly() throws Exception {
        String nip = XadesAuthenticationIT.randomNip();
        XadesTestSigner.Signer seal = XadesTestSigner.sealIssuedBy(AUTHORITY, nip, KeyKind.RSA_2048);
        assertStatus(post(seal, nip), 415).body("status.details", contains("Brak przypisanych uprawnień"));

        execute("insert into permission_grant (id, grant_kind, context_type, context_value, subject_type,"
                + " subject_value, permission, description, author_type, granted_in_type, granted_in_value, state,"
                + " created_at) select gen_random_uuid()::text, 'Person', 'Nip', v.c, 'Nip', v.s, p, 'test grant',"
                + " 'System', 'Nip', v.c, 'Active', now() from (values (?, ?)) v(c, s)"
                + " cross join unnest(string_to_array('InvoiceWrite,InvoiceRead', ',')) p",
                nip, nip);
        Map<String, Object> started = post(seal, nip);
        assertStatus(started, 200);
        String token = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        String accessToken = given().auth().oauth2(token).post("/v2/auth/token/redeem").then().statusCode(200)
                .extract().path("accessToken.token");
        assertEquals(Set.of("InvoiceWrite", "InvoiceRead"), verifier.verify(accessToken).permissions());
    }

    @Test
    void aSelfSignedCertificateIsUntrusted() {
        String nip = XadesAuthenticationIT.randomNip();
        assertStatus(post(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip), 460)
                .body("status.details", contains("Niezaufany łańcuch certyfikatów"));
    }

    /**
     * A KSeF certificate chains to this installation's own CA, which is no configured anchor: it logs in all the
     * same, with its holder's grants, until revoked.
     */
    @Test
    void aKsefCertificateIsTrustedThroughThisInstallationsCa() throws Exception {
        String nip = XadesAuthenticationIT.randomNip();
        execute("insert into permission_grant (id, grant_kind, context_type, context_value, subject_type,"
                + " subject_value, permission, description, author_type, granted_in_type, granted_in_value, state,"
                + " created_at) select gen_random_uuid()::text, 'Person', 'Nip', v.c, 'Nip', v.s, p, 'test grant',"
                + " 'System', 'Nip', v.c, 'Active', now() from (values (?, ?)) v(c, s)"
                + " cross join unnest(string_to_array('InvoiceRead', ',')) p", nip, nip);
        Map<String, Object> started = post(XadesTestSigner.sealIssuedBy(AUTHORITY, nip, KeyKind.EC_P256), nip);
        assertStatus(started, 200);
        String accessToken = given().auth().oauth2((String) ((Map<?, ?>) started.get("authenticationToken"))
                .get("token")).post("/v2/auth/token/redeem").then().statusCode(200).extract().path("accessToken.token");
        Map<String, Object> data = given().auth().oauth2(accessToken).get("/v2/certificates/enrollments/data").then()
                .statusCode(200).extract().as(Map.class);
        KeyPair keys = Csrs.ec("secp256r1");
        String reference = given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("certificateName", "Certyfikat KSeF", "certificateType", "Authentication",
                        "csr", Csrs.csr(data, keys, "SHA256withECDSA")))
                .post("/v2/certificates/enrollments").then().statusCode(202).extract().path("referenceNumber");
        String serial = given().auth().oauth2(accessToken).get("/v2/certificates/enrollments/" + reference).then()
                .statusCode(200).body("status.code", equalTo(200)).extract().path("certificateSerialNumber");
        String der = given().auth().oauth2(accessToken).contentType(ContentType.JSON)
                .body(Map.of("certificateSerialNumbers", List.of(serial))).post("/v2/certificates/retrieve").then()
                .statusCode(200).extract().path("certificates[0].certificate");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der)));
        XadesTestSigner.Signer ksefCertificate = new XadesTestSigner.Signer(certificate, keys);

        assertStatus(post(ksefCertificate, nip), 200);
        given().auth().oauth2(accessToken).contentType(ContentType.JSON).body(Map.of())
                .post("/v2/certificates/" + serial + "/revoke").then().statusCode(204);
        assertStatus(post(ksefCertificate, nip), 460).body("status.details", contains("Certyfikat odwołany"));
    }

    private static Map<String, Object> post(XadesTestSigner.Signer signer, String nip) {
        String challenge = given().post("/v2/auth/challenge").then().statusCode(200).extract().path("challenge");
        byte[] signed = XadesTestSigner.sign(XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE,
                challenge, "Nip", nip, "certificateSubject"), signer);
        return given().contentType("application/xml").body(signed).post("/v2/auth/xades-signature").then()
                .statusCode(202).extract().as(Map.class);
    }

    private static ValidatableResponse assertStatus(Map<String, Object> started, int code) {
        String token = (String) ((Map<?, ?>) started.get("authenticationToken")).get("token");
        return given().auth().oauth2(token).get("/v2/auth/" + started.get("referenceNumber")).then()
                .statusCode(200).body("status.code", equalTo(code));
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
}

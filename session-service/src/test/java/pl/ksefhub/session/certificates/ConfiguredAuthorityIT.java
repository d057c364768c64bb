package pl.ksefhub.session.certificates;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.junit.jupiter.api.Test;
import pl.ksefhub.session.testdata.TestDataClient;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static pl.ksefhub.session.testdata.TestDataClient.randomNip;

/** An operator's own CA (an EC one here) from configured PEM files (key in PKCS#8) issues the KSeF certificates. */
@QuarkusTest
@TestProfile(ConfiguredAuthorityIT.OwnAuthority.class)
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class ConfiguredAuthorityIT {

    static final XadesTestSigner.Signer AUTHORITY = XadesTestSigner.certificateAuthority("Operator CA");

    public static class OwnAuthority implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            try {
                Path certificate = Files.createTempFile("ca", ".crt.pem");
                Files.writeString(certificate, XadesTestSigner.pem(AUTHORITY.certificate()), StandardCharsets.US_ASCII);
                Path key = Files.createTempFile("ca", ".key.pem");
                StringWriter pem = new StringWriter();
                try (JcaPEMWriter writer = new JcaPEMWriter(pem)) {
                    writer.writeObject(new JcaPKCS8Generator(AUTHORITY.keyPair().getPrivate(), null));
                }
                Files.writeString(key, pem.toString(), StandardCharsets.US_ASCII);
                return Map.of("ksef.session.certificates.authority-certificate", certificate.toString(),
                        "ksef.session.certificates.authority-key", key.toString());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void theConfiguredAuthorityIssuesAndItsCertificatesLogIn() throws Exception {
        String nip = randomNip();
        String token = TestDataClient.xadesLogin(XadesTestSigner.seal(nip, KeyKind.EC_P256), nip).accessToken();
        Map<String, Object> data = given().auth().oauth2(token).get("/v2/certificates/enrollments/data").then()
                .statusCode(200).extract().as(Map.class);
        KeyPair keys = Csrs.ec("secp256r1");
        String reference = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("certificateName", "Certyfikat operatora", "certificateType", "Authentication",
                        "csr", Csrs.csr(data, keys, "SHA256withECDSA")))
                .post("/v2/certificates/enrollments").then().statusCode(202).extract().path("referenceNumber");
        String serial = given().auth().oauth2(token).get("/v2/certificates/enrollments/" + reference).then()
                .statusCode(200).extract().path("certificateSerialNumber");
        String der = given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("certificateSerialNumbers", List.of(serial))).post("/v2/certificates/retrieve").then()
                .statusCode(200).extract().path("certificates[0].certificate");
        X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(Base64.getDecoder().decode(der)));
        assertEquals(AUTHORITY.certificate().getSubjectX500Principal(), certificate.getIssuerX500Principal());
        certificate.verify(AUTHORITY.certificate().getPublicKey());
        assertEquals("SHA256withECDSA", certificate.getSigAlgName());

        TestDataClient.xadesStatus(new XadesTestSigner.Signer(certificate, keys), nip)
                .body("status.code", equalTo(200)).body("authenticationMethod", equalTo("InternalCertificate"));
    }
}

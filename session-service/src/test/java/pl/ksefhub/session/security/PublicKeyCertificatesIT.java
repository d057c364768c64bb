package pl.ksefhub.session.security;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.testsupport.KsefTestResource;

import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_session"))
class PublicKeyCertificatesIT {

    @Inject
    PlatformKeys keys;

    @Test
    void publishesOneX509CertificatePerUsageWithTheSpecsIdentifiers() throws Exception {
        List<Map<String, Object>> certificates = given().when().get("/v2/security/public-key-certificates")
                .then().statusCode(200).extract().jsonPath().getList("$");
        assertEquals(2, certificates.size());
        for (KeyUsage usage : KeyUsage.values()) {
            Map<String, Object> published = certificates.stream()
                    .filter(c -> c.get("usage").equals(List.of(usage.name()))).findFirst().orElseThrow();
            byte[] der = Base64.getDecoder().decode((String) published.get("certificate"));
            X509Certificate certificate = (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
            assertArrayEquals(keys.certificate(usage).getEncoded(), der);
            assertEquals(sha256(der), published.get("certificateId"));
            assertEquals(sha256(certificate.getPublicKey().getEncoded()), published.get("publicKeyId"));
            assertEquals(44, ((String) published.get("publicKeyId")).length());
            assertEquals(certificate.getNotBefore().toInstant(),
                    OffsetDateTime.parse((String) published.get("validFrom")).toInstant());
            assertEquals(certificate.getNotAfter().toInstant(),
                    OffsetDateTime.parse((String) published.get("validTo")).toInstant());
        }
        assertNotEquals(certificates.get(0).get("publicKeyId"), certificates.get(1).get("publicKeyId"),
                "each usage has its own key");
    }

    @Test
    void needsNoBearerToken() {
        given().header("Authorization", "Bearer not-a-token").when().get("/v2/security/public-key-certificates")
                .then().statusCode(200);
    }

    private static String sha256(byte[] data) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
    }
}

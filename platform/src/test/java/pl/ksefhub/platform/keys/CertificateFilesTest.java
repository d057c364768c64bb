package pl.ksefhub.platform.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CertificateFilesTest {

    @Test
    void anAuthorityIsGeneratedOnceAsACaAndReadBackAfter(@TempDir Path dir) throws Exception {
        CertificateFiles.KeyAndCertificate created = CertificateFiles.loadOrCreateAuthority(dir, "ca", "Test CA");
        X509Certificate ca = created.certificate();
        assertTrue(ca.getBasicConstraints() >= 0, "basicConstraints CA");
        assertTrue(ca.getKeyUsage()[5], "keyCertSign");
        assertTrue(ca.getKeyUsage()[6], "cRLSign");
        ca.verify(ca.getPublicKey());
        assertTrue(Files.exists(dir.resolve("ca.crt.pem")) && Files.exists(dir.resolve("ca.key.pem")));

        CertificateFiles.KeyAndCertificate again = CertificateFiles.loadOrCreateAuthority(dir, "ca", "Other");
        assertEquals(ca, again.certificate());
        assertEquals(created.privateKey(), again.privateKey());
    }

    @Test
    void aPlainPairIsNoAuthority(@TempDir Path dir) {
        X509Certificate plain = CertificateFiles.loadOrCreate(dir, "plain", "Plain").certificate();
        assertEquals(-1, plain.getBasicConstraints());
    }
}

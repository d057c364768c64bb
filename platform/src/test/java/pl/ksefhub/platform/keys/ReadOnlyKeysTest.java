package pl.ksefhub.platform.keys;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A key folder that cannot be written (a Kubernetes Secret mount) and lacks a pair stops the service with a message
 * naming the files to provide. The JDK's own read-only file system (jrt:/) stands in for the read-only mount: the
 * tests run as root in CI, for whom no local folder is read-only.
 */
class ReadOnlyKeysTest {

    @Test
    void aMissingPairInAReadOnlyFolderIsAClearErrorNamingTheFiles() {
        Path keys = FileSystems.getFileSystem(URI.create("jrt:/")).getPath("/modules/java.base");
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> CertificateFiles.loadOrCreate(keys, "ksef-token-encryption", "test"));
        assertEquals("The key pair ksef-token-encryption is missing from /modules/java.base, which is read-only, so "
                + "it cannot be generated: provide ksef-token-encryption.crt.pem and ksef-token-encryption.key.pem "
                + "there (in Kubernetes: in the Secret mounted at /modules/java.base, deploy/k8s/make-secrets.sh)",
                error.getMessage());
    }

    @Test
    void loadAllLoadsEveryUsageAtOnce(@TempDir Path dir) {
        PlatformKeys keys = new PlatformKeys(() -> dir.toString());
        keys.loadAll();
        for (KeyUsage usage : KeyUsage.values()) {
            assertTrue(Files.exists(dir.resolve(usage.fileName() + ".crt.pem")), usage.name());
            assertTrue(Files.exists(dir.resolve(usage.fileName() + ".key.pem")), usage.name());
        }
    }
}

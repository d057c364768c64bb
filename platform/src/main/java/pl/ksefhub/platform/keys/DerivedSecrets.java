package pl.ksefhub.platform.keys;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

/**
 * Secrets every replica agrees on without configuration: derived from the SymmetricKeyEncryption private key that
 * they all read from {@code ksef.keys.dir}, one per purpose (label); the key itself is never exposed.
 */
public final class DerivedSecrets {

    private DerivedSecrets() {
    }

    public static byte[] of(KeysConfig keys, String label) {
        try {
            byte[] privateKey = CertificateFiles.loadOrCreate(Path.of(keys.dir()),
                    KeyUsage.SymmetricKeyEncryption.fileName(), "ksef-hub " + KeyUsage.SymmetricKeyEncryption.name())
                    .privateKey().getEncoded();
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(label.getBytes(StandardCharsets.UTF_8));
            return digest.digest(privateKey);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

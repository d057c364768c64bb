package pl.ksefhub.testsupport;

import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;

/** The {@code encryptedSymmetricKey} a client sends when it opens a session: a fresh AES-256 key, RSA-OAEP SHA-256. */
public final class SessionKeyWrapping {

    private static final SecureRandom RANDOM = new SecureRandom();

    private SessionKeyWrapping() {
    }

    /** A fresh random key wrapped with the platform's SymmetricKeyEncryption key, Base64. */
    public static String wrappedRandomKey(PlatformKeys keys) {
        byte[] key = new byte[32];
        RANDOM.nextBytes(key);
        return wrap(keys, key);
    }

    public static String wrap(PlatformKeys keys, byte[] key) {
        try {
            Cipher rsa = Cipher.getInstance("RSA/ECB/OAEPPadding");
            rsa.init(Cipher.ENCRYPT_MODE, keys.certificate(KeyUsage.SymmetricKeyEncryption).getPublicKey(),
                    new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT));
            return Base64.getEncoder().encodeToString(rsa.doFinal(key));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

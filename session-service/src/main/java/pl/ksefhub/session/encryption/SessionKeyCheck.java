package pl.ksefhub.session.encryption;

import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.session.online.OnlineSessionApi.EncryptionInfo;

import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.List;

/** The session key checks that online and batch sessions share at open. */
@ApplicationScoped
public class SessionKeyCheck {

    private final PlatformKeys keys;

    public SessionKeyCheck(PlatformKeys keys) {
        this.keys = keys;
    }

    /** 21470 for a {@code publicKeyId} that is not our SymmetricKeyEncryption key; none given is fine. */
    public void requireKnownPublicKey(String publicKeyId) {
        keys.requireKnownPublicKey(KeyUsage.SymmetricKeyEncryption, publicKeyId);
    }

    /** Whether the wrapped key unwraps with our SymmetricKeyEncryption key to an AES-256 key. */
    public boolean unwraps(String encryptedSymmetricKey) {
        try {
            return keys.unwrap(KeyUsage.SymmetricKeyEncryption, Base64.getDecoder().decode(encryptedSymmetricKey))
                    .length == 32;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /** The spec's checks of an {@code EncryptionInfo}, added to the request's validation errors. */
    public static void validateEncryption(EncryptionInfo encryption, List<String> errors) {
        if (encryption == null) {
            errors.add("'encryption' must not be empty.");
            return;
        }
        byte[] key = base64(encryption.encryptedSymmetricKey());
        byte[] iv = base64(encryption.initializationVector());
        if (key == null || key.length == 0) {
            errors.add("'encryption.encryptedSymmetricKey' must be a non-empty Base64 string.");
        }
        if (iv == null || iv.length != 16) {
            errors.add("'encryption.initializationVector' must be 16 bytes encoded in Base64.");
        }
    }

    /** Null when the value is not Base64. */
    public static byte[] base64(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

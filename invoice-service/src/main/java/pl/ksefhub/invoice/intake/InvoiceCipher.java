package pl.ksefhub.invoice.intake;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;

/**
 * AES-256-CBC with PKCS#7 padding under the session's key and IV. The ciphertext carries no IV prefix: both
 * official SDKs send the IV only when opening the session (see {@code ksef/NOTES.md} §4).
 */
public final class InvoiceCipher {

    private InvoiceCipher() {
    }

    /** The plaintext, or empty when the ciphertext does not decrypt with this key and IV. */
    public static Optional<byte[]> decrypt(SecretKey key, byte[] iv, byte[] ciphertext) {
        try {
            // PKCS5Padding in the JDK is PKCS#7 for 16-byte blocks.
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return Optional.of(cipher.doFinal(ciphertext));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Standard Base64 (with padding) of the SHA-256 of the bytes, as KSeF writes hashes. */
    public static String sha256Base64(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package pl.ksefhub.invoice.batch;

import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.List;

/**
 * Turns the stored parts back into the archive: each part's SHA-256 against its declaration (405), each part
 * decrypted on its own with the session's key and IV (AES-256-CBC, PKCS#7; the SDKs encrypt every part
 * separately), the plaintexts joined in ordinal order, and the archive's size and SHA-256 against the declaration
 * (430). Streams through a 64 KB buffer: a part is never held in memory.
 */
final class PackageDecryption {

    /** 100 MB before encryption (sesja-wsadowa.md). */
    static final long MAX_PART_PLAINTEXT = 100_000_000L;
    private static final int BUFFER = 64 * 1024;

    private PackageDecryption() {
    }

    /** What is needed of a declared part. */
    record Part(int ordinalNumber, String declaredHash) {
    }

    interface PartSource {
        /** The stored part, or null when none was stored. */
        InputStream open(int ordinalNumber) throws IOException;
    }

    static void decryptTo(Path archive, List<Part> parts, PartSource source, SecretKey key, byte[] iv,
                          long declaredSize, String declaredHash) throws PackageRejection, IOException {
        MessageDigest archiveDigest = sha256();
        long archiveSize = 0;
        try (OutputStream out = Files.newOutputStream(archive)) {
            for (Part part : parts) {
                archiveSize += decryptPart(part, source, key, iv, out, archiveDigest);
            }
        }
        String archiveHash = Base64.getEncoder().encodeToString(archiveDigest.digest());
        if (!archiveHash.equals(declaredHash)) {
            throw PackageRejection.archiveInvalid(
                    "Skrót SHA-256 przesłanej paczki faktur nie jest zgodny z zadeklarowanym skrótem: '%s'."
                            .formatted(declaredHash));
        }
        if (archiveSize != declaredSize) {
            throw PackageRejection.archiveInvalid(
                    "Rozmiar przesłanej paczki faktur (%d B) nie jest zgodny z zadeklarowanym rozmiarem (%d B)."
                            .formatted(archiveSize, declaredSize));
        }
    }

    private static long decryptPart(Part part, PartSource source, SecretKey key, byte[] iv, OutputStream out,
                                    MessageDigest archiveDigest) throws PackageRejection, IOException {
        MessageDigest partDigest = sha256();
        Cipher cipher = cipher(key, iv);
        long plaintext = 0;
        boolean decrypted = true;
        try (InputStream in = source.open(part.ordinalNumber())) {
            if (in == null) {
                throw PackageRejection.partInvalid("Nie przesłano zadeklarowanej '%d' części pliku."
                        .formatted(part.ordinalNumber()));
            }
            byte[] buffer = new byte[BUFFER];
            int read;
            while ((read = in.read(buffer)) > 0) {
                partDigest.update(buffer, 0, read);
                if (decrypted) {
                    byte[] chunk = cipher.update(buffer, 0, read);
                    plaintext += write(chunk, out, archiveDigest);
                }
            }
            try {
                plaintext += write(cipher.doFinal(), out, archiveDigest);
            } catch (BadPaddingException | IllegalBlockSizeException e) {
                decrypted = false;
            }
        }
        // A part that is not what was declared is that, whether or not it also fails to decrypt.
        String partHash = Base64.getEncoder().encodeToString(partDigest.digest());
        if (!partHash.equals(part.declaredHash())) {
            throw PackageRejection.partInvalid("Skrót SHA-256 części: '%d' nie zgadza się z zadeklarowanym skrótem: '%s'."
                    .formatted(part.ordinalNumber(), part.declaredHash()));
        }
        if (!decrypted) {
            throw PackageRejection.partDecryptionFailed(part.ordinalNumber());
        }
        if (plaintext > MAX_PART_PLAINTEXT) {
            throw PackageRejection.partInvalid("Rozmiar części %d przekroczył dozwolony rozmiar 100MB."
                    .formatted(part.ordinalNumber()));
        }
        return plaintext;
    }

    private static long write(byte[] chunk, OutputStream out, MessageDigest digest) throws IOException {
        if (chunk == null || chunk.length == 0) {
            return 0;
        }
        out.write(chunk);
        digest.update(chunk);
        return chunk.length;
    }

    private static Cipher cipher(SecretKey key, byte[] iv) {
        try {
            Cipher cipher = Cipher.getInstance("AES/CBC/PKCS5Padding");
            cipher.init(Cipher.DECRYPT_MODE, key, new IvParameterSpec(iv));
            return cipher;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

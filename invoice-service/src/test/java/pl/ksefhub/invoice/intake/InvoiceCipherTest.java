package pl.ksefhub.invoice.intake;

import org.junit.jupiter.api.Test;

import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InvoiceCipherTest {

    /** NIST SP 800-38A F.2.5 (CBC-AES256) key and IV. */
    private static final byte[] KEY =
            HexFormat.of().parseHex("603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4");
    private static final byte[] IV = HexFormat.of().parseHex("000102030405060708090a0b0c0d0e0f");

    @Test
    void decryptsAKnownVectorMadeByOpenssl() {
        // printf 'KSeF known vector: <Faktura/>' | openssl enc -aes-256-cbc -K <KEY> -iv <IV> | base64
        byte[] ciphertext = Base64.getDecoder().decode("DGLYZuprmBJwqRbwAQPlZhkJBNXn0Vr0T3xpjOgBwGY=");
        Optional<byte[]> plaintext = InvoiceCipher.decrypt(key(), IV, ciphertext);
        assertEquals("KSeF known vector: <Faktura/>", new String(plaintext.orElseThrow(), StandardCharsets.UTF_8));
    }

    @Test
    void matchesTheNistCbcVectorBlockForBlock() throws Exception {
        byte[] nistPlaintext = HexFormat.of().parseHex("6bc1bee22e409f96e93d7e117393172a"
                + "ae2d8a571e03ac9c9eb76fac45af8e51");
        byte[] nistCiphertext = HexFormat.of().parseHex("f58c4c04d6e5f1ba779eabfb5f7bfbd6"
                + "9cfc4e967edb808d679f777bc6702c7d");
        Cipher encrypt = Cipher.getInstance("AES/CBC/PKCS5Padding");
        encrypt.init(Cipher.ENCRYPT_MODE, key(), new IvParameterSpec(IV));
        byte[] padded = encrypt.doFinal(nistPlaintext);
        // PKCS#7 adds one full block after two full blocks; the first two are NIST's.
        assertEquals(48, padded.length);
        assertArrayEquals(nistCiphertext, Arrays.copyOf(padded, 32));
        assertArrayEquals(nistPlaintext, InvoiceCipher.decrypt(key(), IV, padded).orElseThrow());
    }

    @Test
    void aCiphertextThatIsNotWholeBlocksDoesNotDecrypt() {
        assertTrue(InvoiceCipher.decrypt(key(), IV, new byte[17]).isEmpty());
    }

    @Test
    void aWrongIvLengthDoesNotDecrypt() {
        assertTrue(InvoiceCipher.decrypt(key(), new byte[8], new byte[16]).isEmpty());
    }

    @Test
    void hashesAreStandardBase64OfSha256() {
        assertEquals("47DEQpj8HBSa+/TImW+5JCeuQeRkm5NMpJWZG3hSuFU=", InvoiceCipher.sha256Base64(new byte[0]));
    }

    private static SecretKey key() {
        return new SecretKeySpec(KEY, "AES");
    }
}

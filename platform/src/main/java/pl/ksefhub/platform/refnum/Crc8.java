package pl.ksefhub.platform.refnum;

import java.nio.charset.StandardCharsets;

/**
 * CRC-8 with polynomial 0x07, init 0x00, no reflection, no final XOR (CRC-8/SMBUS): the checksum of KSeF numbers
 * (over the first 32 characters) and of reference numbers (over the first 33), written as two uppercase hex digits.
 * See {@code faktury/numer-ksef.md}.
 */
public final class Crc8 {

    private Crc8() {
    }

    public static int of(byte[] data) {
        int crc = 0;
        for (byte b : data) {
            crc ^= b & 0xFF;
            for (int bit = 0; bit < 8; bit++) {
                crc = (crc & 0x80) != 0 ? ((crc << 1) ^ 0x07) & 0xFF : (crc << 1) & 0xFF;
            }
        }
        return crc;
    }

    /** The two uppercase hex digits of the CRC-8 of the ASCII text. */
    public static String hex(String text) {
        return String.format("%02X", of(text.getBytes(StandardCharsets.US_ASCII)));
    }
}

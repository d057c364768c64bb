package pl.ksefhub.platform.refnum;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.NumericChars;
import net.jqwik.api.constraints.Size;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invariants of reference numbers and their CRC-8, over generated input rather than examples. */
class ReferenceNumberPropertiesTest {

    @Property
    void everyIssuedNumberIsValidAndNamesItsKind(@ForAll("kinds") String kind, @ForAll("instants") Instant at) {
        String reference = ReferenceNumbers.next(kind, Clock.fixed(at, ZoneOffset.UTC));
        assertEquals(36, reference.length());
        assertTrue(ReferenceNumbers.isValid(reference), reference);
        assertEquals(kind, ReferenceNumbers.kindOf(reference));
    }

    /** CRC-8 detects every burst of up to 8 bits, so every change of a single character. */
    @Property
    void anyOneChangedCharacterMakesItInvalid(@ForAll("kinds") String kind, @ForAll @IntRange(max = 35) int at,
                                              @ForAll @CharRange(from = ' ', to = '~') char replacement) {
        String reference = ReferenceNumbers.next(kind);
        if (reference.charAt(at) == replacement) {
            return;
        }
        String changed = reference.substring(0, at) + replacement + reference.substring(at + 1);
        assertFalse(ReferenceNumbers.isValid(changed), changed);
    }

    @Property
    void randomTextIsRefusedWithoutFailing(@ForAll @Size(max = 80) String text) {
        assertFalse(ReferenceNumbers.isValid(text), text);
    }

    @Property
    void aMessageFollowedByItsCrcHasTheRemainderZero(@ForAll @Size(max = 64) byte[] message) {
        byte[] withCrc = new byte[message.length + 1];
        System.arraycopy(message, 0, withCrc, 0, message.length);
        withCrc[message.length] = (byte) Crc8.of(message);
        assertEquals(0, Crc8.of(withCrc));
    }

    /** No initial value and no final XOR: the CRC is linear over equal-length messages. */
    @Property
    void theCrcIsLinear(@ForAll @Size(value = 33) byte[] a, @ForAll @Size(value = 33) byte[] b) {
        byte[] xor = new byte[a.length];
        for (int i = 0; i < a.length; i++) {
            xor[i] = (byte) (a[i] ^ b[i]);
        }
        assertEquals(Crc8.of(a) ^ Crc8.of(b), Crc8.of(xor));
    }

    @Property
    void hexIsTwoUppercaseDigitsOfTheAsciiCrc(@ForAll @AlphaChars @NumericChars String text) {
        String hex = Crc8.hex(text);
        assertTrue(hex.matches("[0-9A-F]{2}"), hex);
        assertEquals(Crc8.of(text.getBytes(StandardCharsets.US_ASCII)), Integer.parseInt(hex, 16));
    }

    @Provide
    Arbitrary<String> kinds() {
        return Arbitraries.of(ReferenceNumbers.ONLINE_SESSION, ReferenceNumbers.BATCH_SESSION,
                ReferenceNumbers.INVOICE, ReferenceNumbers.UPO, ReferenceNumbers.AUTHENTICATION,
                ReferenceNumbers.CHALLENGE, ReferenceNumbers.KSEF_TOKEN, ReferenceNumbers.INVOICE_EXPORT);
    }

    @Provide
    Arbitrary<Instant> instants() {
        // From 2020 (the format's first year) to the end of 9999.
        return Arbitraries.longs().between(Instant.parse("2020-01-02T00:00:00Z").getEpochSecond(),
                Instant.parse("9999-12-30T00:00:00Z").getEpochSecond()).map(Instant::ofEpochSecond);
    }
}

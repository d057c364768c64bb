package pl.ksefhub.platform.refnum;

import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ChecksumTest {

    @Test
    void ksefNumberChecksumMatchesTheOfficialExample() {
        // faktury/numer-ksef.md: 5265877635-20250826-0100001AF629-AF
        assertEquals("AF", Crc8.hex("5265877635-20250826-0100001AF629"));
    }

    @Test
    void crc8OfTheStandardCheckString() {
        // CRC-8/SMBUS check value for "123456789" is 0xF4.
        assertEquals(0xF4, Crc8.of("123456789".getBytes()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"20250626-EE-2F20AD2000-242386DF86-52"})
    void officialReferenceNumbersAreValid(String reference) {
        assertTrue(ReferenceNumbers.isValid(reference));
    }

    @Test
    void aChangedCharacterBreaksTheChecksum() {
        assertFalse(ReferenceNumbers.isValid("20250626-EE-2F20AD2000-242386DF87-52"));
        assertFalse(ReferenceNumbers.isValid("20250626-EE-2F20AD2000-242386DF86-53"));
    }

    @RepeatedTest(20)
    void generatedReferenceNumbersAreWellFormed() {
        String reference = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        assertEquals(36, reference.length());
        assertTrue(ReferenceNumbers.isValid(reference), reference);
        assertEquals("SO", ReferenceNumbers.kindOf(reference));
    }
}

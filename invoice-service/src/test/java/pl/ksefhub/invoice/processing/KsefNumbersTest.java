package pl.ksefhub.invoice.processing;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class KsefNumbersTest {

    @Test
    void officialExampleIsValid() {
        assertTrue(KsefNumbers.isValid("5265877635-20250826-0100001AF629-AF"));
    }

    @Test
    void officialExamplesFromTheSpecAreValid() {
        assertTrue(KsefNumbers.isValid("5265877635-20250626-010080DD2B5E-26"));
    }

    @Test
    void aWrongChecksumIsInvalid() {
        assertFalse(KsefNumbers.isValid("5265877635-20250826-0100001AF629-AE"));
    }

    @Test
    void lowercaseHexAndBadNipAreInvalid() {
        assertFalse(KsefNumbers.isValid("5265877635-20250826-0100001af629-AF"));
        assertFalse(KsefNumbers.isValid("0265877635-20250826-0100001AF629-AF"));
        assertFalse(KsefNumbers.isValid(null));
    }

    @Test
    void generatedNumberHasTheOfficialShapeAndAValidChecksum() {
        String number = KsefNumbers.of("5265877635", LocalDate.of(2025, 8, 26), 0x1AF629L);
        assertEquals("5265877635-20250826-0100001AF629-AF", number);
        assertEquals(35, number.length());
        assertTrue(KsefNumbers.isValid(number));
    }

    @Test
    void differentInvoiceIdsGiveDifferentTechnicalParts() {
        LocalDate day = LocalDate.of(2026, 11, 24);
        String first = KsefNumbers.of("5265877635", day, 1);
        String second = KsefNumbers.of("5265877635", day, 2);
        assertFalse(first.substring(20, 32).equals(second.substring(20, 32)));
        assertTrue(KsefNumbers.isValid(first) && KsefNumbers.isValid(second));
    }

    @Test
    void idsBeyondTheTechnicalPartAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> KsefNumbers.of("5265877635", LocalDate.of(2026, 1, 1), 0x100_0000_0000L));
        assertThrows(IllegalArgumentException.class, () -> KsefNumbers.of("5265877635", LocalDate.of(2026, 1, 1), 0));
    }
}

package pl.ksefhub.testsupport;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomIdentifiersTest {

    private static final int SAMPLES = 20_000;

    @Test
    void everyRandomNipMatchesTheSpecsPatternAndItsCheckDigit() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            String nip = RandomIdentifiers.nip();
            assertTrue(nip.matches("[1-9]((\\d[1-9])|([1-9]\\d))\\d{7}"), nip);
            assertEquals(checkDigit(nip), nip.charAt(9) - '0', nip);
            assertTrue(RandomIdentifiers.isValidNip(nip), nip);
            seen.add(nip);
        }
        // Random enough that parallel runs of a test suite do not meet: a handful of repeats at most.
        assertTrue(seen.size() > SAMPLES - 10, "only " + seen.size() + " distinct NIPs");
    }

    @Test
    void nipValidationKnowsTheSpecsExamplesAndRefusesWrongCheckDigitsAndPatterns() {
        assertTrue(RandomIdentifiers.isValidNip("5265877635"));
        assertFalse(RandomIdentifiers.isValidNip("5265877636"));
        assertFalse(RandomIdentifiers.isValidNip("1000000000"), "second and third digit both 0");
        assertFalse(RandomIdentifiers.isValidNip("0265877635"));
        assertFalse(RandomIdentifiers.isValidNip("526587763"));
        assertFalse(RandomIdentifiers.isValidNip(null));
    }

    @Test
    void everyRandomPeselNamesARealBirthDayAndHasItsCheckDigit() {
        Set<Integer> centuries = new HashSet<>();
        for (int i = 0; i < SAMPLES; i++) {
            String pesel = RandomIdentifiers.pesel();
            assertTrue(pesel.matches(
                    "\\d{2}(?:0[1-9]|1[0-2]|2[1-9]|3[0-2]|4[1-9]|5[0-2]|6[1-9]|7[0-2]|8[1-9]|9[0-2])\\d{7}"), pesel);
            assertTrue(RandomIdentifiers.isValidPesel(pesel), pesel);
            centuries.add(Integer.parseInt(pesel.substring(2, 4)) / 20);
        }
        assertEquals(Set.of(0, 1, 2, 3), centuries, "19xx, 20xx, 21xx and 22xx, as the SDKs generate");
    }

    @Test
    void peselValidationRefusesImpossibleDatesAndWrongCheckDigits() {
        assertTrue(RandomIdentifiers.isValidPesel("44051401359"));
        assertFalse(RandomIdentifiers.isValidPesel("44051401358"));
        assertTrue(RandomIdentifiers.isValidPesel("02270803624"), "8 July 2002");
        assertTrue(RandomIdentifiers.isValidPesel("88123100007"), "31 December 1988");
        // Right check digits, impossible dates.
        assertFalse(RandomIdentifiers.isValidPesel("01023000006"), "30 February 1901");
        assertFalse(RandomIdentifiers.isValidPesel("01130100000"), "month 13");
        assertFalse(RandomIdentifiers.isValidPesel("4405140135"));
    }

    private static int checkDigit(String nip) {
        int[] weights = {6, 5, 7, 2, 3, 4, 5, 6, 7};
        int sum = 0;
        for (int i = 0; i < 9; i++) {
            sum += (nip.charAt(i) - '0') * weights[i];
        }
        return sum % 11;
    }
}

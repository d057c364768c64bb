package pl.ksefhub.session.testdata;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import pl.ksefhub.testsupport.RandomIdentifiers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The spec's PESEL pattern (open-api.json {@code Pesel}) that the test-data operations check. */
class PeselPropertiesTest {

    @Property
    void everyPeselOfARealBirthDayMatches(@ForAll("pesels") String pesel) {
        assertTrue(RandomIdentifiers.isValidPesel(pesel), pesel);
        assertTrue(TestDataValidation.PESEL.matcher(pesel).matches(), pesel);
    }

    /** The month carries the century (+20 for 20xx ... +80 for 18xx): 13-20, 33-40, ... and 00 never appear. */
    @Property
    void aMonthOutsideEveryCenturyNeverMatches(@ForAll("pesels") String pesel, @ForAll @IntRange(max = 99) int month) {
        int inCentury = month % 20;
        String changed = pesel.substring(0, 2) + "%02d".formatted(month) + pesel.substring(4);
        assertEquals(inCentury >= 1 && inCentury <= 12, TestDataValidation.PESEL.matcher(changed).matches(),
                changed);
    }

    @Property
    void anythingButElevenDigitsNeverMatches(@ForAll @Size(max = 20) String text) {
        if (text.matches("\\d{11}")) {
            return;
        }
        assertFalse(TestDataValidation.PESEL.matcher(text).matches(), text);
    }

    @Provide
    Arbitrary<String> pesels() {
        return Arbitraries.create(RandomIdentifiers::pesel);
    }
}

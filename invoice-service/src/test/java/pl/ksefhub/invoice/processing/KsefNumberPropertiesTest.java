package pl.ksefhub.invoice.processing;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Size;
import pl.ksefhub.testsupport.RandomIdentifiers;

import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** KSeF numbers ({@code faktury/numer-ksef.md}): what we issue is valid, unique per id, and any typo is caught. */
class KsefNumberPropertiesTest {

    @Property
    void everyIssuedNumberIsValidAndNamesTheSellerAndDay(@ForAll("nips") String nip, @ForAll("days") LocalDate day,
                                                          @ForAll @LongRange(min = 1, max = 0xFF_FFFF_FFFFL) long id) {
        String number = KsefNumbers.of(nip, day, id);
        assertEquals(35, number.length());
        assertTrue(KsefNumbers.isValid(number), number);
        assertTrue(number.startsWith(nip + "-" + day.toString().replace("-", "") + "-"), number);
    }

    @Property
    void twoIdsNeverShareANumber(@ForAll("nips") String nip, @ForAll("days") LocalDate day,
                                 @ForAll @LongRange(min = 1, max = 0xFF_FFFF_FFFEL) long id) {
        assertNotEquals(KsefNumbers.of(nip, day, id), KsefNumbers.of(nip, day, id + 1));
    }

    @Property
    void anyOneChangedCharacterMakesItInvalid(@ForAll("nips") String nip, @ForAll("days") LocalDate day,
                                              @ForAll @LongRange(min = 1, max = 0xFF_FFFF_FFFFL) long id,
                                              @ForAll @IntRange(max = 34) int at,
                                              @ForAll @CharRange(from = ' ', to = '~') char replacement) {
        String number = KsefNumbers.of(nip, day, id);
        if (number.charAt(at) == replacement) {
            return;
        }
        String changed = number.substring(0, at) + replacement + number.substring(at + 1);
        assertFalse(KsefNumbers.isValid(changed), changed);
    }

    @Property
    void randomTextIsRefusedWithoutFailing(@ForAll @Size(max = 80) String text) {
        assertFalse(KsefNumbers.isValid(text), text);
    }

    @Provide
    Arbitrary<String> nips() {
        return Arbitraries.create(RandomIdentifiers::nip);
    }

    @Provide
    Arbitrary<LocalDate> days() {
        return Arbitraries.longs().between(LocalDate.of(2020, 1, 1).toEpochDay(), LocalDate.of(9999, 12, 31)
                .toEpochDay()).map(LocalDate::ofEpochDay);
    }
}

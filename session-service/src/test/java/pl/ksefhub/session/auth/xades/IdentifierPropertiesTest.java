package pl.ksefhub.session.auth.xades;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import pl.ksefhub.platform.identifiers.Identifiers;
import pl.ksefhub.testsupport.RandomIdentifiers;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The NIP checksum (weights 6 5 7 2 3 4 5 6 7, mod 11) beside the spec's NIP and InternalId patterns.
 */
class IdentifierPropertiesTest {

    @Property
    void everyGeneratedNipPassesThePatternAndTheChecksum(@ForAll("nips") String nip) {
        assertTrue(Identifiers.NIP.matcher(nip).matches(), nip);
        assertTrue(ContextIdentifiers.isValidNip(nip), nip);
    }

    /** 11 is prime and every weight is below it: a change of one digit always changes the sum mod 11. */
    @Property
    void anyOneChangedDigitBreaksTheChecksum(@ForAll("nips") String nip, @ForAll @IntRange(max = 9) int at,
                                             @ForAll @CharRange(from = '0', to = '9') char digit) {
        if (nip.charAt(at) == digit) {
            return;
        }
        String changed = nip.substring(0, at) + digit + nip.substring(at + 1);
        assertFalse(ContextIdentifiers.isValidNip(changed), changed);
    }

    @Property
    void anythingButTenDigitsIsNoNip(@ForAll @Size(max = 20) String text) {
        if (text.matches("\\d{10}")) {
            return;
        }
        assertFalse(ContextIdentifiers.isValidNip(text), text);
        assertFalse(Identifiers.NIP.matcher(text).matches(), text);
    }

    @Property
    void contextIdentifiersNameTheirNip(@ForAll("nips") String nip, @ForAll @IntRange(max = 99999) int unit) {
        String internalId = nip + "-" + String.format("%05d", unit);
        assertTrue(Identifiers.INTERNAL_ID.matcher(internalId).matches(), internalId);
        assertTrue(nip.equals(ContextIdentifiers.nipOf("InternalId", internalId)));
        assertTrue(nip.equals(ContextIdentifiers.nipOf("Nip", nip)));
    }

    @Provide
    Arbitrary<String> nips() {
        return Arbitraries.create(RandomIdentifiers::nip);
    }
}

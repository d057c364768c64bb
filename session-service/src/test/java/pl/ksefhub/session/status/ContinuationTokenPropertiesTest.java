package pl.ksefhub.session.status;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import pl.ksefhub.platform.error.KsefException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The session list's continuation tokens: they round-trip, bind to their query, and any other text is 21418. */
class ContinuationTokenPropertiesTest {

    @Property
    void aTokenLeadsBackToItsOffset(@ForAll @IntRange(min = 0) int offset, @ForAll String query) {
        assertEquals(offset, ContinuationTokens.offsetOf(ContinuationTokens.next(offset, query), query));
    }

    @Property
    void aTokenOfAnotherQueryIsRefused(@ForAll @IntRange(min = 0) int offset, @ForAll @Size(max = 30) String query) {
        String token = ContinuationTokens.next(offset, query);
        assertRefused(token, query + "&statuses=Failed");
    }

    /** Any text a client may send (also after Base64) is either blank (the first page) or refused with 21418. */
    @Property
    void anyOtherTextIsRefusedWith21418(@ForAll @Size(min = 1, max = 60) String text) {
        if (text.isBlank()) {
            return;
        }
        assertRefused(text, "q");
        assertRefused(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8)), "q");
    }

    /** Found by these properties: ":" alone split into no parts and failed with a 500. */
    @Property(tries = 20)
    void separatorsAloneAreRefused(@ForAll @IntRange(min = 1, max = 5) int colons) {
        assertRefused(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(":".repeat(colons).getBytes(StandardCharsets.UTF_8)), "q");
    }

    private static void assertRefused(String token, String query) {
        KsefException refused = assertThrows(KsefException.class, () -> ContinuationTokens.offsetOf(token, query),
                token);
        assertEquals(21418, refused.code());
    }
}

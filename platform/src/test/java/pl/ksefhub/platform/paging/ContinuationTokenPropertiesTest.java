package pl.ksefhub.platform.paging;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import pl.ksefhub.platform.error.KsefException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * Continuation tokens of every paged list (sessions, session invoices, auth sessions, KSeF tokens): they lead back to
 * their position, bind to the query they continue, and any other text, edited token or other key's token is 21418.
 */
class ContinuationTokenPropertiesTest {

    private final ContinuationTokens tokens = new ContinuationTokens("secret".getBytes(StandardCharsets.UTF_8));

    @Property
    void aTokenLeadsBackToItsOffset(@ForAll @IntRange(min = 0) int offset, @ForAll @Size(max = 60) String scope) {
        assertEquals(offset, tokens.offset(tokens.nextOffset(offset, scope), scope));
    }

    @Property
    void noTokenIsTheFirstPage(@ForAll @Size(max = 5) String blank) {
        if (blank.isBlank()) {
            assertEquals(0, tokens.offset(blank, "q"));
        }
    }

    @Property
    void aTokenOfAnotherQueryOrKeyIsRefused(@ForAll @IntRange(min = 0) int offset,
                                            @ForAll @Size(max = 30) String scope) {
        String token = tokens.nextOffset(offset, scope);
        assertRefused(token, scope + "&statuses=Failed", tokens);
        assertRefused(token, scope, new ContinuationTokens("other".getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void anEditedPositionIsRefused(@ForAll @IntRange(min = 1) int offset) {
        String token = tokens.nextOffset(offset, "q");
        String forged = Base64.getUrlEncoder().withoutPadding().encodeToString("v1|0".getBytes(StandardCharsets.UTF_8))
                + token.substring(token.indexOf('.'));
        assertRefused(forged, "q", tokens);
    }

    @Property
    void aChangedCharacterIsRefused(@ForAll @IntRange(min = 0) int offset, @ForAll @IntRange(max = 200) int at,
                                    @ForAll char replacement) {
        String token = tokens.nextOffset(offset, "q");
        int i = at % token.length();
        // Base64 without padding: the last character's low bits may carry nothing; then it decodes the same.
        if (token.charAt(i) == replacement || i == token.length() - 1 || i == token.indexOf('.') - 1) {
            return;
        }
        assertRefused(token.substring(0, i) + replacement + token.substring(i + 1), "q", tokens);
    }

    /** Any text a client may send (also after Base64) is either blank (the first page) or refused with 21418. */
    @Property
    void anyOtherTextIsRefusedWith21418(@ForAll @Size(min = 1, max = 120) String text) {
        if (text.isBlank()) {
            return;
        }
        assertRefused(text, "q", tokens);
        assertRefused(Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8)), "q", tokens);
    }

    /** Found by the earlier per-service properties: ":" alone split into no parts and failed with a 500. */
    @Property(tries = 20)
    void separatorsAloneAreRefused(@ForAll @IntRange(min = 1, max = 5) int separators) {
        assertRefused(":".repeat(separators), "q", tokens);
        assertRefused(".".repeat(separators), "q", tokens);
        assertRefused("|".repeat(separators), "q", tokens);
    }

    private static void assertRefused(String token, String scope, ContinuationTokens with) {
        KsefException refused = assertThrows(KsefException.class, () -> with.offset(token, scope), token);
        assertEquals(21418, refused.code());
        assertEquals("Przekazany token kontynuacji ma nieprawidłowy format.", refused.description());
    }
}

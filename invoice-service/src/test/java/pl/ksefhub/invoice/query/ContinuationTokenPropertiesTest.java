package pl.ksefhub.invoice.query;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import pl.ksefhub.invoice.query.ContinuationTokens.Position;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The session invoice lists' HMAC-signed continuation tokens. */
class ContinuationTokenPropertiesTest {

    private final ContinuationTokens tokens = new ContinuationTokens("secret".getBytes(StandardCharsets.UTF_8));

    @Property
    void aTokenLeadsBackToItsPosition(@ForAll boolean failedOnly, @ForAll @IntRange(min = 0) int after) {
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        Position position = new Position(session, failedOnly, after);
        assertEquals(position, tokens.read(tokens.issue(position), session, failedOnly));
    }

    @Property
    void aTokenOfAnotherListIsRefused(@ForAll boolean failedOnly, @ForAll @IntRange(min = 0) int after) {
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        String token = tokens.issue(new Position(session, failedOnly, after));
        assertRefused(token, ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION), failedOnly);
        assertRefused(token, session, !failedOnly);
        assertRefused(token, session, failedOnly, new ContinuationTokens("other".getBytes(StandardCharsets.UTF_8)));
    }

    @Property
    void aChangedCharacterIsRefused(@ForAll @IntRange(min = 0) int after, @ForAll @IntRange(max = 200) int at,
                                    @ForAll char replacement) {
        String session = ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION);
        String token = tokens.issue(new Position(session, false, after));
        int i = at % token.length();
        if (token.charAt(i) == replacement) {
            return;
        }
        String changed = token.substring(0, i) + replacement + token.substring(i + 1);
        // Base64 without padding: the last character's low bits may carry nothing; then it decodes the same.
        if (i == token.length() - 1 || i == token.indexOf('.') - 1) {
            return;
        }
        assertRefused(changed, session, false);
    }

    @Property
    void anyTextIsRefusedWith21418(@ForAll @Size(max = 120) String text) {
        assertRefused(text, ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION), false);
    }

    private void assertRefused(String token, String session, boolean failedOnly) {
        assertRefused(token, session, failedOnly, tokens);
    }

    private static void assertRefused(String token, String session, boolean failedOnly, ContinuationTokens with) {
        KsefException refused = assertThrows(KsefException.class, () -> with.read(token, session, failedOnly), token);
        assertEquals(21418, refused.code());
    }
}

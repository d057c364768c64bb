package pl.ksefhub.invoice.query;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.error.KsefException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ContinuationTokensTest {

    private static final String REF = "20250625-SO-319D7EE000-B67F415CDC-2C";
    private final ContinuationTokens tokens = new ContinuationTokens("secret".getBytes(StandardCharsets.UTF_8));

    @Test
    void aTokenReadsBackToItsPosition() {
        String token = tokens.issue(new ContinuationTokens.Position(REF, true, 40));
        assertEquals(new ContinuationTokens.Position(REF, true, 40), tokens.read(token, REF, true));
    }

    @Test
    void aTokenWithAnEditedPositionIsRefused() {
        String token = tokens.issue(new ContinuationTokens.Position(REF, false, 10));
        String forgedBody = Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("v1|" + REF + "|A|0").getBytes(StandardCharsets.UTF_8));
        String forged = forgedBody + token.substring(token.indexOf('.'));
        assertEquals(21418, assertThrows(KsefException.class, () -> tokens.read(forged, REF, false)).code());
    }

    @Test
    void aTokenOfAnotherSessionListOrSecretIsRefused() {
        String token = tokens.issue(new ContinuationTokens.Position(REF, false, 10));
        assertThrows(KsefException.class, () -> tokens.read(token, REF.replace("2C", "2D"), false));
        assertThrows(KsefException.class, () -> tokens.read(token, REF, true));
        ContinuationTokens other = new ContinuationTokens("other".getBytes(StandardCharsets.UTF_8));
        assertThrows(KsefException.class, () -> other.read(token, REF, false));
    }

    @Test
    void garbageIsRefusedWith21418() {
        for (String garbage : new String[]{"", "x", "a.b", "....", "!!!.###"}) {
            KsefException e = assertThrows(KsefException.class, () -> tokens.read(garbage, REF, false));
            assertEquals(21418, e.code());
            assertEquals("Przekazany token kontynuacji ma nieprawidłowy format.", e.description());
        }
    }
}

package pl.ksefhub.platform.qr;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VerificationPageTest {

    @Test
    void aPersonGetsThePageAProgramThatAsksForJsonGetsJson() {
        assertFalse(VerificationPage.wantsJson(null));
        assertFalse(VerificationPage.wantsJson("*/*"));
        assertFalse(VerificationPage.wantsJson("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"));
        assertFalse(VerificationPage.wantsJson("text/html, application/json"));
        assertTrue(VerificationPage.wantsJson("application/json"));
        assertTrue(VerificationPage.wantsJson("application/problem+json, */*;q=0.1"));
    }

    @Test
    void eachCheckReadsAsItCameOutAndTheLinksPartsAreText() {
        String html = new VerificationPage("Weryfikacja", List.of(
                new VerificationPage.Check(true, "Certyfikat istnieje", "Certyfikat nie istnieje"),
                new VerificationPage.Check(false, "Certyfikat jest aktywny", "Certyfikat nie jest aktywny")),
                List.of(new VerificationPage.Detail("NIP", "<b>\"1\" & '2'</b>"),
                        new VerificationPage.Detail("Brak", null))).html();
        assertTrue(html.contains("Certyfikat istnieje"));
        assertTrue(html.contains("Certyfikat nie jest aktywny"));
        assertFalse(html.contains("Certyfikat jest aktywny"));
        assertTrue(html.contains("&lt;b&gt;&quot;1&quot; &amp; &#39;2&#39;&lt;/b&gt;"));
        assertFalse(html.contains("<b>"));
        assertFalse(html.contains("Brak"), "a detail without a value is left out");
        assertEquals("a&lt;b", VerificationPage.escape("a<b"));
    }
}

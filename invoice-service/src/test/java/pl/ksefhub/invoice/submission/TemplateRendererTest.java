package pl.ksefhub.invoice.submission;

import org.junit.jupiter.api.Test;
import pl.ksefhub.invoice.support.InvoiceSamples;

import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TemplateRendererTest {

    private static final LocalDate ISSUE = LocalDate.of(2026, 12, 1);
    private static final OffsetDateTime NOW = OffsetDateTime.of(2026, 12, 1, 9, 0, 0, 0, ZoneOffset.UTC);

    @Test
    void newNumberIsTheOriginalWithTheIssueMonth() {
        assertEquals("FV/1/2026/2026-12", TemplateRenderer.nextNumber("FV/1/2026", ISSUE, Set.of()));
    }

    @Test
    void newNumberCountsOnWhenTheMonthlyNumberIsTaken() {
        assertEquals("FV/1/2026/2026-12/2",
                TemplateRenderer.nextNumber("FV/1/2026", ISSUE, Set.of("FV/1/2026/2026-12")));
        assertEquals("FV/1/2026/2026-12/3", TemplateRenderer.nextNumber("FV/1/2026", ISSUE,
                Set.of("FV/1/2026/2026-12", "FV/1/2026/2026-12/2")));
    }

    @Test
    void renderingReplacesNumberIssueDateSaleDateAndCreationTimeOnly() {
        String original = InvoiceSamples.fa3("5265877635", "ABC");
        String rendered = new String(TemplateRenderer.render(original.getBytes(StandardCharsets.UTF_8),
                "NEW/1", ISSUE, NOW), StandardCharsets.UTF_8);
        assertTrue(rendered.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"), rendered);
        assertTrue(rendered.contains("<P_2>NEW/1</P_2>"), rendered);
        assertTrue(rendered.contains("<P_1>2026-12-01</P_1>"), rendered);
        assertTrue(rendered.contains("<P_6>2026-12-01</P_6>"), rendered);
        assertTrue(rendered.contains("<DataWytworzeniaFa>2026-12-01T09:00:00Z</DataWytworzeniaFa>"), rendered);
        assertTrue(rendered.contains("<NIP>5265877635</NIP>"));
        assertTrue(rendered.contains("al. Różycki 7594"), "UTF-8 text kept");
        assertFalse(rendered.contains("ABC"));
    }

    @Test
    void renderedXmlHasNoByteOrderMark() {
        byte[] rendered = TemplateRenderer.render(InvoiceSamples.fa3("5265877635", "ABC")
                .getBytes(StandardCharsets.UTF_8), "NEW/1", ISSUE, NOW);
        assertEquals('<', rendered[0]);
    }

    @Test
    void aDoctypeInTheTemplateIsRefused() {
        String evil = "<?xml version=\"1.0\"?><!DOCTYPE Faktura [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<Faktura><Fa><P_1>&x;</P_1><P_2>1</P_2></Fa></Faktura>";
        assertThrows(IllegalArgumentException.class, () -> TemplateRenderer.render(
                evil.getBytes(StandardCharsets.UTF_8), "N", ISSUE, NOW));
    }

    @Test
    void aTemplateWithoutInvoiceNumberIsRefused() {
        String xml = "<Faktura xmlns=\"urn:x\"><Fa><P_1>2026-01-01</P_1></Fa></Faktura>";
        assertThrows(IllegalArgumentException.class, () -> TemplateRenderer.render(
                xml.getBytes(StandardCharsets.UTF_8), "N", ISSUE, NOW));
    }
}

package pl.ksefhub.upo.document;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class UpoPagesTest {

    @Test
    void tenThousandInvoicesFitOnOnePage() {
        List<UpoPage> pages = UpoPages.split(UpoFixtures.entries(10_000), UpoPages.MAX_DOCUMENTS_PER_PAGE);

        assertEquals(1, pages.size());
        UpoPage page = pages.get(0);
        assertEquals(1, page.page());
        assertEquals(1, page.pageCount());
        assertEquals(1, page.fromInclusive());
        assertEquals(10_001, page.toExclusive());
        assertEquals(10_000, page.totalDocuments());
        assertEquals(10_000, page.entries().size());
    }

    @Test
    void twentyThousandAndOneInvoicesMakeThreePagesInOrdinalOrder() {
        List<UpoEntry> entries = UpoFixtures.entries(20_001);

        List<UpoPage> pages = UpoPages.split(entries, UpoPages.MAX_DOCUMENTS_PER_PAGE);

        assertEquals(3, pages.size());
        assertEquals(List.of(10_000, 10_000, 1), pages.stream().map(p -> p.entries().size()).toList());
        assertEquals(List.of(1, 10_001, 20_001), pages.stream().map(UpoPage::fromInclusive).toList());
        assertEquals(List.of(10_001, 20_001, 20_002), pages.stream().map(UpoPage::toExclusive).toList());
        assertTrue(pages.stream().allMatch(p -> p.pageCount() == 3 && p.totalDocuments() == 20_001));
        assertEquals(entries.get(10_000), pages.get(1).entries().get(0));
        assertEquals(entries.get(20_000), pages.get(2).entries().get(0));
    }

    @Test
    void aPageNeverHoldsMoreThanTheSchemaAllows() {
        assertThrows(IllegalArgumentException.class, () -> UpoPages.split(UpoFixtures.entries(3), 10_001));
        assertThrows(IllegalArgumentException.class, () -> UpoPages.split(UpoFixtures.entries(3), 0));
    }

    @Test
    void noAcceptedInvoicesMeanNoPages() {
        assertTrue(UpoPages.split(List.of(), 10).isEmpty());
    }
}

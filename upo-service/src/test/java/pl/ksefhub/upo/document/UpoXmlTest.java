package pl.ksefhub.upo.document;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.xml.sax.SAXException;

import javax.xml.transform.dom.DOMSource;
import java.time.OffsetDateTime;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The unsigned documents: content and schema validity. */
class UpoXmlTest {

    @Test
    void invoiceUpoOfATokenSessionFollowsTheSchemaAndTheSamples() throws Exception {
        Document upo = UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(1));

        UpoFixtures.schema().newValidator().validate(new DOMSource(upo));
        assertEquals("Potwierdzenie", upo.getDocumentElement().getLocalName());
        assertEquals(UpoXml.NAMESPACE, upo.getDocumentElement().getNamespaceURI());
        assertEquals("Ministerstwo Finansów", value(upo, "NazwaPodmiotuPrzyjmujacego"));
        assertEquals(UpoFixtures.SESSION, value(upo, "NumerReferencyjnySesji"));
        assertEquals(UpoFixtures.NIP, value(upo, "Nip"));
        assertEquals(UpoFixtures.TOKEN_REF, value(upo, "NumerReferencyjnyTokenaKSeF"));
        assertNull(value(upo, "SkrotDokumentuUwierzytelniajacego"));
        assertNull(value(upo, "OpisPotwierdzenia"));
        assertEquals("Schemat_FA(3)_v1-0E.xsd", value(upo, "NazwaStrukturyLogicznej"));
        assertEquals("FA (3)", value(upo, "KodFormularza"));
        assertEquals(1, upo.getElementsByTagNameNS(UpoXml.NAMESPACE, "Dokument").getLength());
        assertEquals("FV/1/2026", value(upo, "NumerFaktury"));
        assertEquals("2026-11-24", value(upo, "DataWystawieniaFaktury"));
        assertEquals(UpoFixtures.HASH, value(upo, "SkrotDokumentu"));
        assertEquals("Online", value(upo, "TrybWysylki"));
    }

    @Test
    void timesAreWarsawTimeWithOffsetAndMilliseconds() {
        Document upo = UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(0));

        // 10:15:30.123Z is 11:15:30.123 in Warsaw in November (CET, +01:00).
        assertEquals("2026-11-24T11:15:30.123+01:00", value(upo, "DataPrzeslaniaDokumentu"));
        assertEquals("2026-11-24T11:15:30.373+01:00", value(upo, "DataNadaniaNumeruKSeF"));
        assertEquals(OffsetDateTime.parse("2026-11-24T10:15:30.373Z").toInstant(),
                OffsetDateTime.parse(value(upo, "DataNadaniaNumeruKSeF")).toInstant());
    }

    @ParameterizedTest
    @CsvSource({
            "Nip, 5265877635, Nip",
            "InternalId, 5265877635-12345, IdWewnetrzny",
            "NipVatUe, 5265877635-ATU12345678, IdZlozonyVatUE",
            "PeppolId, PPL123456, IdDostawcyUslugPeppol"})
    void eachContextTypeHasItsOwnElement(String type, String value, String element) throws Exception {
        UpoHeader header = new UpoHeader(UpoFixtures.SESSION, type, value, null, UpoFixtures.HASH, "FA (3)", "1-0E");

        Document upo = UpoXml.invoice(header, UpoFixtures.entry(1));

        UpoFixtures.schema().newValidator().validate(new DOMSource(upo));
        assertEquals(value, value(upo, element));
        assertEquals(UpoFixtures.HASH, value(upo, "SkrotDokumentuUwierzytelniajacego"));
        assertNull(value(upo, "NumerReferencyjnyTokenaKSeF"));
    }

    @Test
    void sessionPageDescribesItsPlaceAmongAllPages() throws Exception {
        List<UpoPage> pages = UpoPages.split(UpoFixtures.entries(5), 2);

        Document second = UpoXml.sessionPage(UpoFixtures.header(), pages.get(1));

        UpoFixtures.schema().newValidator().validate(new DOMSource(second));
        assertEquals("2", value(second, "Strona"));
        assertEquals("3", value(second, "LiczbaStron"));
        assertEquals("3", value(second, "ZakresDokumentowOd"));
        assertEquals("5", value(second, "ZakresDokumentowDo"));
        assertEquals("5", value(second, "CalkowitaLiczbaDokumentow"));
        assertEquals(2, second.getElementsByTagNameNS(UpoXml.NAMESPACE, "Dokument").getLength());
        assertEquals("FV/3/2026", value(second, "NumerFaktury"));
    }

    @Test
    void schemaRejectsTheSameKsefNumberTwiceOnAPage() {
        UpoPage page = new UpoPage(1, 1, 1, 3, 2, List.of(UpoFixtures.entry(1), UpoFixtures.entry(1)));

        Document upo = UpoXml.sessionPage(UpoFixtures.header(), page);

        assertThrows(SAXException.class, () -> UpoFixtures.schema().newValidator().validate(new DOMSource(upo)));
    }

    @Test
    void unknownContextTypeIsRefused() {
        UpoHeader header = new UpoHeader(UpoFixtures.SESSION, "Pesel", "80010112345", UpoFixtures.TOKEN_REF, null,
                "FA (3)", "1-0E");

        assertThrows(IllegalArgumentException.class, () -> UpoXml.invoice(header, UpoFixtures.entry(1)));
    }

    @Test
    void authenticationWithoutTokenOrDocumentHashIsRefused() {
        UpoHeader header = new UpoHeader(UpoFixtures.SESSION, "Nip", UpoFixtures.NIP, null, null, "FA (3)", "1-0E");

        assertThrows(IllegalArgumentException.class, () -> UpoXml.invoice(header, UpoFixtures.entry(1)));
    }

    private static String value(Document document, String localName) {
        var nodes = document.getElementsByTagNameNS(UpoXml.NAMESPACE, localName);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }
}

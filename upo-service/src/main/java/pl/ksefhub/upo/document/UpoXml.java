package pl.ksefhub.upo.document;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * Builds the UPO v4-3 document ({@code Potwierdzenie}, schema {@code upo-v4-3.xsd}) for one invoice or one page of a
 * session. The element order is the schema's sequence; the Ministry's samples show the same layout.
 */
public final class UpoXml {

    public static final String NAMESPACE = "http://upo.schematy.mf.gov.pl/KSeF/v4-3";
    /** Fixed by the schema; the Ministry's test environment writes another text and fails its own schema. */
    public static final String RECEIVING_PARTY = "Ministerstwo Finansów";

    /** The Ministry's UPOs carry Warsaw time with offset and milliseconds: 2025-09-16T11:05:40.841+02:00. */
    private static final DateTimeFormatter DATE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");
    private static final DocumentBuilderFactory FACTORY = DocumentBuilderFactory.newInstance();
    private static final ThreadLocal<DocumentBuilder> BUILDER = ThreadLocal.withInitial(() -> {
        try {
            synchronized (FACTORY) {
                return FACTORY.newDocumentBuilder();
            }
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    });

    static {
        FACTORY.setNamespaceAware(true);
    }

    private UpoXml() {
    }

    /** The UPO of one invoice: no {@code OpisPotwierdzenia}, one {@code Dokument}. */
    public static Document invoice(UpoHeader header, UpoEntry entry) {
        return build(header, null, List.of(entry));
    }

    /** One page of a session UPO. */
    public static Document sessionPage(UpoHeader header, UpoPage page) {
        return build(header, page, page.entries());
    }

    private static Document build(UpoHeader header, UpoPage page, List<UpoEntry> entries) {
        if (entries.isEmpty() || entries.size() > UpoPages.MAX_DOCUMENTS_PER_PAGE) {
            throw new IllegalArgumentException("a UPO holds 1 to 10000 documents, not " + entries.size());
        }
        Document doc = BUILDER.get().newDocument();
        doc.setXmlStandalone(true);
        Element root = doc.createElementNS(NAMESPACE, "Potwierdzenie");
        // Declared as an attribute, not only implied by the element's namespace: canonicalisation at signing time
        // sees attributes only, while the serialiser would add the declaration afterwards, outside the digest.
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", NAMESPACE);
        doc.appendChild(root);
        text(root, "NazwaPodmiotuPrzyjmujacego", RECEIVING_PARTY);
        text(root, "NumerReferencyjnySesji", header.sessionReferenceNumber());
        authentication(root, header);
        if (page != null) {
            Element description = child(root, "OpisPotwierdzenia");
            text(description, "Strona", Integer.toString(page.page()));
            text(description, "LiczbaStron", Integer.toString(page.pageCount()));
            text(description, "ZakresDokumentowOd", Integer.toString(page.fromInclusive()));
            text(description, "ZakresDokumentowDo", Integer.toString(page.toExclusive()));
            text(description, "CalkowitaLiczbaDokumentow", Integer.toString(page.totalDocuments()));
        }
        text(root, "NazwaStrukturyLogicznej", header.logicalStructureName());
        text(root, "KodFormularza", header.formSystemCode());
        for (UpoEntry entry : entries) {
            Element document = child(root, "Dokument");
            text(document, "NipSprzedawcy", entry.sellerNip());
            text(document, "NumerKSeFDokumentu", entry.ksefNumber());
            text(document, "NumerFaktury", entry.invoiceNumber());
            text(document, "DataWystawieniaFaktury", entry.issueDate().toString());
            text(document, "DataPrzeslaniaDokumentu", warsawTime(entry.invoicingDate()));
            text(document, "DataNadaniaNumeruKSeF", warsawTime(entry.acquisitionDate()));
            text(document, "SkrotDokumentu", entry.invoiceHash());
            text(document, "TrybWysylki", entry.invoicingMode());
        }
        return doc;
    }

    private static void authentication(Element root, UpoHeader header) {
        Element authentication = child(root, "Uwierzytelnienie");
        Element context = child(authentication, "IdKontekstu");
        text(context, contextElement(header.contextType()), header.contextValue());
        if (header.ksefTokenReferenceNumber() != null) {
            text(authentication, "NumerReferencyjnyTokenaKSeF", header.ksefTokenReferenceNumber());
        } else if (header.authDocumentHash() != null) {
            text(authentication, "SkrotDokumentuUwierzytelniajacego", header.authDocumentHash());
        } else {
            throw new IllegalArgumentException("neither a KSeF token reference nor an auth document hash");
        }
    }

    static String warsawTime(OffsetDateTime time) {
        return DATE_TIME.format(time.atZoneSameInstant(WARSAW));
    }

    /** The API's context identifier type to the UPO's element name. */
    public static String contextElement(String contextType) {
        return switch (contextType) {
            case "Nip" -> "Nip";
            case "InternalId" -> "IdWewnetrzny";
            case "NipVatUe" -> "IdZlozonyVatUE";
            case "PeppolId" -> "IdDostawcyUslugPeppol";
            default -> throw new IllegalArgumentException("unknown context identifier type " + contextType);
        };
    }

    private static Element child(Element parent, String name) {
        Element element = parent.getOwnerDocument().createElementNS(NAMESPACE, name);
        parent.appendChild(element);
        return element;
    }

    private static void text(Element parent, String name, String value) {
        child(parent, name).setTextContent(value);
    }
}

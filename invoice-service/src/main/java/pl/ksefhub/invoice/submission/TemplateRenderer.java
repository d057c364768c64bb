package pl.ksefhub.invoice.submission;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Set;

/**
 * Renders a new invoice from an accepted one (a recurring invoice): the same XML with a new invoice number
 * ({@code P_2}), issue date ({@code P_1}) and sale date ({@code P_6}, when the original has one) and a new
 * {@code DataWytworzeniaFa}. Everything else (parties, lines, amounts) is copied as it is.
 * <p>
 * The number rule: {@code <P_2 of the original>/<issue date as yyyy-MM>}, and when that is already taken by an
 * invoice of the same seller, {@code .../<yyyy-MM>/2}, {@code /3}, and so on. A monthly recurring invoice of
 * {@code FV/1/2026} thus becomes {@code FV/1/2026/2026-12}, {@code FV/1/2026/2027-01}, ...; never a duplicate.
 */
public final class TemplateRenderer {

    private static final DateTimeFormatter MONTH = DateTimeFormatter.ofPattern("yyyy-MM");
    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";

    private TemplateRenderer() {
    }

    /** The first number under the rule above that is not in {@code taken}. */
    public static String nextNumber(String originalNumber, LocalDate issueDate, Set<String> taken) {
        String base = originalNumber + "/" + MONTH.format(issueDate);
        if (!taken.contains(base)) {
            return base;
        }
        for (int counter = 2; ; counter++) {
            String candidate = base + "/" + counter;
            if (!taken.contains(candidate)) {
                return candidate;
            }
        }
    }

    /** The prefix every number derived for this issue month starts with (to find the taken ones). */
    public static String numberPrefix(String originalNumber, LocalDate issueDate) {
        return originalNumber + "/" + MONTH.format(issueDate);
    }

    /**
     * @param original the accepted invoice's XML (UTF-8)
     * @return the new invoice, UTF-8 without BOM
     * @throws IllegalArgumentException when the original has no {@code Fa/P_1}, {@code Fa/P_2} or cannot be read
     */
    public static byte[] render(byte[] original, String invoiceNumber, LocalDate issueDate, OffsetDateTime now) {
        try {
            Document document = parse(original);
            Element root = document.getDocumentElement();
            String ns = root.getNamespaceURI();
            Element header = child(root, ns, "Naglowek");
            Element fa = child(root, ns, "Fa");
            if (fa == null || child(fa, ns, "P_1") == null || child(fa, ns, "P_2") == null) {
                throw new IllegalArgumentException("the template invoice has no Fa/P_1 or Fa/P_2");
            }
            child(fa, ns, "P_1").setTextContent(issueDate.toString());
            child(fa, ns, "P_2").setTextContent(invoiceNumber);
            Element saleDate = child(fa, ns, "P_6");
            if (saleDate != null) {
                saleDate.setTextContent(issueDate.toString());
            }
            Element created = header == null ? null : child(header, ns, "DataWytworzeniaFa");
            if (created != null) {
                created.setTextContent(now.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS)
                        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME));
            }
            return serialise(document);
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalArgumentException("the template invoice cannot be read: " + e.getMessage(), e);
        }
    }

    /** Hardened: no DTD, no external entities or schemas, no XInclude (the original passed that reader too). */
    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setFeature(DISALLOW_DOCTYPE, true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        DocumentBuilder builder = factory.newDocumentBuilder();
        builder.setErrorHandler(null);
        return builder.parse(new ByteArrayInputStream(xml));
    }

    private static byte[] serialise(Document document) throws Exception {
        TransformerFactory factory = TransformerFactory.newInstance();
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_STYLESHEET, "");
        Transformer transformer = factory.newTransformer();
        // Our own declaration: the JDK's adds standalone="no", which says nothing useful here.
        transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n".getBytes(StandardCharsets.UTF_8));
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    private static Element child(Element parent, String ns, String localName) {
        for (Node node = parent.getFirstChild(); node != null; node = node.getNextSibling()) {
            if (node instanceof Element element && localName.equals(element.getLocalName())
                    && Objects.equals(ns, element.getNamespaceURI())) {
                return element;
            }
        }
        return null;
    }
}

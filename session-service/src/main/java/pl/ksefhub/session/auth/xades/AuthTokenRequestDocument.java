package pl.ksefhub.session.auth.xades;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;
import org.xml.sax.ErrorHandler;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;

import javax.xml.XMLConstants;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URL;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The {@code AuthTokenRequest} of {@code POST /auth/xades-signature}: parsed without DTDs or external entities,
 * validated against the auth schema of its namespace (v2.0 or v2.1), its fields read.
 */
public final class AuthTokenRequestDocument {

    public static final String NAMESPACE_V20 = "http://ksef.mf.gov.pl/auth/token/2.0";
    public static final String NAMESPACE_V21 = "http://ksef.mf.gov.pl/auth/token/2.1";
    static final String ROOT = "AuthTokenRequest";

    private static final Map<String, Schema> SCHEMAS = Map.of(
            NAMESPACE_V20, schema("/xsd/auth/schemat_auth_v2-0.xsd"),
            NAMESPACE_V21, schema("/xsd/auth/schemat_auth_v2-1.xsd"));

    /** What the request asks for; the context type is the element name ({@code Nip, InternalId, NipVatUe...}). */
    public record Fields(String challenge, String contextType, String contextValue, String subjectIdentifierType) {
    }

    private AuthTokenRequestDocument() {
    }

    /**
     * Parses the document as received. KSeF documents are UTF-8 (with or without a BOM): other bytes are 21217.
     *
     * @throws pl.ksefhub.platform.error.KsefException 21217, 21001
     */
    public static Document parse(byte[] body) {
        if (body == null || body.length == 0) {
            throw XadesErrors.unreadable("Brak dokumentu.");
        }
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body));
        } catch (CharacterCodingException e) {
            throw XadesErrors.badEncoding();
        }
        try {
            DocumentBuilder builder = hardenedFactory().newDocumentBuilder();
            builder.setErrorHandler(SILENT);
            return builder.parse(new ByteArrayInputStream(body));
        } catch (SAXException | IOException e) {
            throw XadesErrors.unreadable(e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Validates the document without its enveloped signature (the schema has no place for one) against the schema
     * of its namespace.
     *
     * @throws pl.ksefhub.platform.error.KsefException 21401
     */
    public static Fields validate(Document document) {
        Element root = document.getDocumentElement();
        // Map.of refuses a null key: a root without a namespace is a schema error, not a failure.
        Schema schema = root.getNamespaceURI() == null ? null : SCHEMAS.get(root.getNamespaceURI());
        if (schema == null || !ROOT.equals(root.getLocalName())) {
            throw XadesErrors.schema("Oczekiwano elementu AuthTokenRequest w przestrzeni nazw %s lub %s."
                    .formatted(NAMESPACE_V20, NAMESPACE_V21));
        }
        Document unsigned = (Document) document.cloneNode(true);
        Element unsignedRoot = unsigned.getDocumentElement();
        for (Node child = unsignedRoot.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.ELEMENT_NODE && XMLSignature.XMLNS.equals(child.getNamespaceURI())
                    && "Signature".equals(child.getLocalName())) {
                unsignedRoot.removeChild(child);
            }
            child = next;
        }
        try {
            Validator validator = schema.newValidator();
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            validator.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            validator.validate(new DOMSource(unsigned));
        } catch (SAXException e) {
            throw XadesErrors.schema(e.getMessage());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return fields(root);
    }

    private static Fields fields(Element root) {
        String namespace = root.getNamespaceURI();
        Element context = child(root, namespace, "ContextIdentifier");
        Element identifier = firstElement(context);
        return new Fields(text(child(root, namespace, "Challenge")), identifier.getLocalName(), text(identifier),
                text(child(root, namespace, "SubjectIdentifierType")));
    }

    private static Element child(Element parent, String namespace, String localName) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        throw new IllegalStateException("schema-valid document without " + localName);
    }

    private static Element firstElement(Element parent) {
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element) {
                return element;
            }
        }
        throw new IllegalStateException("schema-valid context identifier without a value");
    }

    /** xsd:token values: surrounding whitespace is not part of the value. */
    private static String text(Element element) {
        return element.getTextContent().trim();
    }

    /** An empty document, to hold a request that was signed inside an enveloping signature. */
    static Document newDocument() {
        try {
            return hardenedFactory().newDocumentBuilder().newDocument();
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    static DocumentBuilderFactory hardenedFactory() throws ParserConfigurationException {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        // No DOCTYPE at all: no internal entity expansion (billion laughs), no external entities (XXE).
        factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
        factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
        factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
        factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
        factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
        factory.setXIncludeAware(false);
        factory.setExpandEntityReferences(false);
        return factory;
    }

    private static Schema schema(String resource) {
        URL url = AuthTokenRequestDocument.class.getResource(resource);
        if (url == null) {
            throw new IllegalStateException("missing " + resource);
        }
        try (var in = url.openStream()) {
            Document xsd = hardenedFactory().newDocumentBuilder().parse(in);
            anchorsOff(xsd);
            // Our own schema files, with no imports: nothing external to restrict here.
            return SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI)
                    .newSchema(new DOMSource(xsd, url.toExternalForm()));
        } catch (SAXException | IOException | ParserConfigurationException e) {
            throw new IllegalStateException("cannot load " + resource, e);
        }
    }

    /**
     * The official schemas write some patterns as {@code ^P[A-Z]{2}[0-9]{6}$} (TPeppolId) or end them with {@code $}
     * (TNipVatUe). XML Schema patterns are anchored already and know no anchors: Xerces, the JDK's validator, takes
     * {@code ^} and {@code $} for the characters themselves, so no value would ever match, while the Ministry's .NET
     * validator reads them as anchors. Taking a leading {@code ^} and a trailing unescaped {@code $} away keeps what
     * the Ministry accepts; the shipped files stay byte for byte the Ministry's.
     */
    static void anchorsOff(Document xsd) {
        NodeList patterns = xsd.getElementsByTagNameNS(XMLConstants.W3C_XML_SCHEMA_NS_URI, "pattern");
        for (int i = 0; i < patterns.getLength(); i++) {
            Element pattern = (Element) patterns.item(i);
            pattern.setAttribute("value", withoutAnchors(pattern.getAttribute("value")));
        }
    }

    static String withoutAnchors(String pattern) {
        String value = pattern.startsWith("^") ? pattern.substring(1) : pattern;
        if (value.endsWith("$") && !value.endsWith("\\$")) {
            value = value.substring(0, value.length() - 1);
        }
        return value;
    }

    /** Parse errors become the exception; the default handler would also print them to stderr. */
    private static final ErrorHandler SILENT = new ErrorHandler() {
        @Override
        public void warning(SAXParseException exception) {
        }

        @Override
        public void error(SAXParseException exception) throws SAXException {
            throw exception;
        }

        @Override
        public void fatalError(SAXParseException exception) throws SAXException {
            throw exception;
        }
    };
}

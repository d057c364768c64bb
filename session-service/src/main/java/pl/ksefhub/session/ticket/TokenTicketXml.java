package pl.ksefhub.session.ticket;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.ticket.TicketApi.Identifier;
import pl.ksefhub.session.ticket.TicketApi.TokenTicket;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.stream.XMLOutputFactory;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamWriter;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import javax.xml.validation.Validator;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;

/**
 * The XML form of tickets, in ksef-hub's own namespace: requests are read against the published XSD (so what it
 * refuses is what the schema says), answers are written in its element order.
 */
final class TokenTicketXml {

    /** Chosen for ksef-hub's own schemas; versioned in the path, as the Ministry versions its namespaces. */
    static final String NAMESPACE = "https://ksef-hub.pl/schemas/ticket/v1";
    static final String XSD = "/schemas/ticket/token-ticket.v1.xsd";

    private static final Schema SCHEMA = loadSchema();
    private static final XMLOutputFactory OUTPUT = XMLOutputFactory.newFactory();

    private TokenTicketXml() {
    }

    /**
     * @return the token named in {@code <Data>}
     * @throws KsefException 21405 with the parser's or the schema's messages
     */
    static String readRequest(String xml) {
        if (xml == null || xml.isBlank()) {
            throw KsefException.validation("A non-empty request body is required.");
        }
        Document document;
        try {
            // From the characters JAX-RS already decoded by the request's charset, not by the declaration's.
            document = parser().parse(new InputSource(new StringReader(xml)));
        } catch (SAXException e) {
            throw KsefException.validation("Nieprawidłowy format XML: " + e.getMessage());
        } catch (IOException e) {
            throw KsefException.validation("Nieprawidłowy format XML.");
        }
        List<String> problems = new ArrayList<>();
        try {
            Validator validator = SCHEMA.newValidator();
            validator.setErrorHandler(collecting(problems));
            validator.validate(new DOMSource(document));
        } catch (SAXException | IOException e) {
            problems.add(e.getMessage());
        }
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
        Element data = (Element) document.getDocumentElement().getElementsByTagNameNS(NAMESPACE, "Data").item(0);
        return data.getTextContent().trim();
    }

    static void write(TokenTicket ticket, OutputStream out) throws IOException {
        try {
            XMLStreamWriter xml = OUTPUT.createXMLStreamWriter(out, "UTF-8");
            xml.writeStartDocument("UTF-8", "1.0");
            xml.setDefaultNamespace(NAMESPACE);
            xml.writeStartElement(NAMESPACE, "TokenTicket");
            xml.writeDefaultNamespace(NAMESPACE);
            text(xml, "ReferenceNumber", ticket.referenceNumber());
            text(xml, "TokenType", ticket.tokenType());
            identifier(xml, "ContextIdentifier", ticket.contextIdentifier());
            identifier(xml, "AuthorIdentifier", ticket.authorIdentifier());
            xml.writeStartElement(NAMESPACE, "Permissions");
            for (String permission : ticket.permissions()) {
                text(xml, "Permission", permission);
            }
            xml.writeEndElement();
            text(xml, "Status", ticket.status());
            if (ticket.validUntil() != null) {
                text(xml, "ValidUntil", ticket.validUntil().toString());
            }
            text(xml, "HasExpired", Boolean.toString(ticket.hasExpired()));
            xml.writeEndElement();
            xml.writeEndDocument();
            xml.flush();
            xml.close();
        } catch (XMLStreamException e) {
            throw new IOException("Cannot write the ticket", e);
        }
    }

    private static void identifier(XMLStreamWriter xml, String name, Identifier identifier)
            throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, name);
        text(xml, "Type", identifier.type());
        text(xml, "Value", identifier.value());
        xml.writeEndElement();
    }

    private static void text(XMLStreamWriter xml, String name, String value) throws XMLStreamException {
        xml.writeStartElement(NAMESPACE, name);
        xml.writeCharacters(value == null ? "" : value);
        xml.writeEndElement();
    }

    /** Untrusted input: no DTDs, no external entities or schemas. */
    private static DocumentBuilder parser() {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            factory.setXIncludeAware(false);
            factory.setExpandEntityReferences(false);
            DocumentBuilder builder = factory.newDocumentBuilder();
            // The default handler prints to stderr; the exception carries the message.
            builder.setErrorHandler(null);
            return builder;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ErrorHandler collecting(List<String> problems) {
        return new ErrorHandler() {
            @Override
            public void warning(SAXParseException e) {
            }

            @Override
            public void error(SAXParseException e) {
                problems.add(e.getMessage());
            }

            @Override
            public void fatalError(SAXParseException e) {
                problems.add(e.getMessage());
            }
        };
    }

    private static Schema loadSchema() {
        URL xsd = TokenTicketXml.class.getResource(XSD);
        if (xsd == null) {
            throw new IllegalStateException(XSD + " is missing from the classpath");
        }
        try {
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            factory.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return factory.newSchema(xsd);
        } catch (SAXException e) {
            throw new IllegalStateException("Cannot load " + XSD, e);
        }
    }
}

package pl.ksefhub.invoice.processing;

import org.w3c.dom.ls.LSInput;
import org.w3c.dom.ls.LSResourceResolver;
import org.xml.sax.SAXException;

import javax.xml.XMLConstants;
import javax.xml.transform.stream.StreamSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The official invoice schemas per form code, compiled once ({@link Schema} is thread-safe; validators are made
 * per use). Every schema document, including the {@code http://crd.gov.pl/...} imports, is read from our own
 * classpath copy under {@code schemas/}: nothing is ever fetched at run time.
 */
public final class InvoiceSchemas {

    /** (kodSystemowy, wersjaSchemy) → main schema document: the session form codes of NOTES §2.3. */
    private static final Map<String, String> MAIN_DOCUMENTS = Map.of(
            key("FA (2)", "1-0E"), "schemas/FA/schemat_FA(2)_v1-0E.xsd",
            key("FA (3)", "1-0E"), "schemas/FA/schemat_FA(3)_v1-0E.xsd",
            key("FA_RR (1)", "1-1E"), "schemas/RR/schemat_FA_RR(1)_v1-1E.xsd",
            key("PEF (3)", "2-1"), "schemas/PEF/Schemat_PEF(3)_v2-1.xsd",
            key("PEF_KOR (3)", "2-1"), "schemas/PEF/Schemat_PEF_KOR(3)_v2-1.xsd");
    /**
     * Every document a main schema may import or include, by file name (FA_RR imports the FA base types; the UBL
     * documents of PEF import one another by relative name).
     */
    private static final Map<String, String> INCLUDED_DOCUMENTS = includedDocuments();

    /** Occurrence limits at or above this are relaxed to unbounded in the compiled schema (see InvoiceSchema). */
    static final int RELAXED_MAX_OCCURS = 1000;
    private static final Pattern ELEMENT_WITH_MAX_OCCURS =
            Pattern.compile("(<xsd:element\\s+name=\"([^\"]+)\"[^>]*?maxOccurs=\")(\\d+)(\")");

    private final Map<String, InvoiceSchema> compiled = new ConcurrentHashMap<>();

    /** The compiled schema for the form code, or empty when we have no schema for it. */
    public Optional<InvoiceSchema> forFormCode(String systemCode, String schemaVersion) {
        String key = key(systemCode, schemaVersion);
        String document = MAIN_DOCUMENTS.get(key);
        if (document == null) {
            return Optional.empty();
        }
        return Optional.of(compiled.computeIfAbsent(key, k -> compile(document)));
    }

    /** Compiles every known schema now, so the first invoice does not pay for it. */
    public void compileAll() {
        MAIN_DOCUMENTS.forEach((key, document) -> compiled.computeIfAbsent(key, k -> compile(document)));
    }

    private static Map<String, String> includedDocuments() {
        Map<String, String> documents = new HashMap<>();
        for (String name : new String[]{"StrukturyDanych_v10-0E.xsd", "ElementarneTypyDanych_v10-0E.xsd",
                "KodyKrajow_v10-0E.xsd"}) {
            documents.put(name, "schemas/FA/bazowe/" + name);
        }
        for (String name : new String[]{"20241206_PEFPL-CommonAggregateComponents-2.1-v1.4.34.xsd",
                "20241206_PEFPL-CommonBasicComponents-2.1-v1.4.34.xsd", "CCTS_CCT_SchemaModule-2.1.xsd",
                "UBL-CommonAggregateComponents-2.1.xsd", "UBL-CommonBasicComponents-2.1.xsd",
                "UBL-CommonExtensionComponents-2.1.xsd", "UBL-CommonSignatureComponents-2.1.xsd",
                "UBL-ExtensionContentDataType-2.1.xsd", "UBL-QualifiedDataTypes-2.1.xsd",
                "UBL-SignatureAggregateComponents-2.1.xsd", "UBL-SignatureBasicComponents-2.1.xsd",
                "UBL-UnqualifiedDataTypes-2.1.xsd", "UBL-XAdESv132-2.1.xsd", "UBL-XAdESv141-2.1.xsd",
                "UBL-xmldsig-core-schema-2.1.xsd", "commontypes.xsd", "isotypes.xsd"}) {
            documents.put(name, "schemas/PEF/bazowe/" + name);
        }
        return Map.copyOf(documents);
    }

    private static String key(String systemCode, String schemaVersion) {
        return systemCode + "|" + schemaVersion;
    }

    private static InvoiceSchema compile(String document) {
        try {
            URL main = resource(document);
            String text;
            try (InputStream in = main.openStream()) {
                text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Map<String, Integer> limits = new HashMap<>();
            String relaxed = relaxLargeOccurrenceLimits(text, limits);
            SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
            // The schemas are ours and trusted. Secure processing would still refuse some of their content models
            // (over 5,000 nodes); the invoices themselves go through a separately hardened parser.
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, false);
            factory.setResourceResolver(new LocalCopies());
            Schema schema = factory.newSchema(new StreamSource(new StringReader(relaxed), main.toExternalForm()));
            return new InvoiceSchema(schema, Map.copyOf(limits));
        } catch (SAXException | IOException e) {
            throw new IllegalStateException("Cannot compile the invoice schema " + document, e);
        }
    }

    /** Replaces every element's {@code maxOccurs} of {@link #RELAXED_MAX_OCCURS} or more by unbounded. */
    static String relaxLargeOccurrenceLimits(String schemaText, Map<String, Integer> limits) {
        Matcher matcher = ELEMENT_WITH_MAX_OCCURS.matcher(schemaText);
        StringBuilder out = new StringBuilder(schemaText.length());
        while (matcher.find()) {
            int maxOccurs = Integer.parseInt(matcher.group(3));
            if (maxOccurs < RELAXED_MAX_OCCURS) {
                matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group()));
                continue;
            }
            Integer previous = limits.put(matcher.group(2), maxOccurs);
            if (previous != null && previous != maxOccurs) {
                throw new IllegalStateException("Element " + matcher.group(2) + " has two different maxOccurs");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(matcher.group(1) + "unbounded"
                    + matcher.group(4)));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static URL resource(String path) {
        URL url = InvoiceSchemas.class.getClassLoader().getResource(path);
        if (url == null) {
            throw new IllegalStateException("Schema document missing from the classpath: " + path);
        }
        return url;
    }

    /** Resolves every schema reference by file name to our copy; an unknown one fails instead of being fetched. */
    private static final class LocalCopies implements LSResourceResolver {

        @Override
        public LSInput resolveResource(String type, String namespaceUri, String publicId, String systemId,
                                       String baseUri) {
            String fileName = systemId == null ? "" : systemId.substring(systemId.lastIndexOf('/') + 1);
            String path = INCLUDED_DOCUMENTS.get(fileName);
            if (path == null) {
                throw new IllegalStateException("Schema reference without a local copy: " + systemId);
            }
            try (InputStream in = resource(path).openStream()) {
                return new BytesInput(in.readAllBytes(), publicId, systemId, baseUri);
            } catch (IOException e) {
                throw new IllegalStateException("Cannot read " + path, e);
            }
        }
    }

    private static final class BytesInput implements LSInput {

        private final byte[] bytes;
        private String publicId;
        private String systemId;
        private String baseUri;

        BytesInput(byte[] bytes, String publicId, String systemId, String baseUri) {
            this.bytes = bytes;
            this.publicId = publicId;
            this.systemId = systemId;
            this.baseUri = baseUri;
        }

        @Override
        public InputStream getByteStream() {
            return new ByteArrayInputStream(bytes);
        }

        @Override
        public String getSystemId() {
            return systemId;
        }

        @Override
        public void setSystemId(String systemId) {
            this.systemId = systemId;
        }

        @Override
        public String getPublicId() {
            return publicId;
        }

        @Override
        public void setPublicId(String publicId) {
            this.publicId = publicId;
        }

        @Override
        public String getBaseURI() {
            return baseUri;
        }

        @Override
        public void setBaseURI(String baseUri) {
            this.baseUri = baseUri;
        }

        @Override
        public Reader getCharacterStream() {
            return null;
        }

        @Override
        public void setCharacterStream(Reader characterStream) {
            // read-only input
        }

        @Override
        public void setByteStream(InputStream byteStream) {
            // read-only input
        }

        @Override
        public String getStringData() {
            return null;
        }

        @Override
        public void setStringData(String stringData) {
            // read-only input
        }

        @Override
        public String getEncoding() {
            return null;
        }

        @Override
        public void setEncoding(String encoding) {
            // the schema documents declare their own encoding
        }

        @Override
        public boolean getCertifiedText() {
            return false;
        }

        @Override
        public void setCertifiedText(boolean certifiedText) {
            // not used
        }
    }
}

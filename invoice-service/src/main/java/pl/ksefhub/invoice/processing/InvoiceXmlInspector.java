package pl.ksefhub.invoice.processing;

import org.xml.sax.Attributes;
import org.xml.sax.ContentHandler;
import org.xml.sax.ErrorHandler;
import org.xml.sax.InputSource;
import org.xml.sax.Locator;
import org.xml.sax.SAXException;
import org.xml.sax.SAXParseException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import javax.xml.XMLConstants;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.parsers.SAXParser;
import javax.xml.parsers.SAXParserFactory;
import javax.xml.validation.ValidatorHandler;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads an untrusted invoice XML once, streaming: the XML rules of {@code faktury/weryfikacja-faktury.md} (UTF-8
 * without BOM, no other encoding declared, no processing instructions, no discouraged Unicode characters), no DTD
 * and hence no entities of any kind, validity against the form code's schema, and the fields processing needs.
 * Thread-safe; each call uses its own parser and validator.
 */
public final class InvoiceXmlInspector {

    private static final String DISALLOW_DOCTYPE = "http://apache.org/xml/features/disallow-doctype-decl";
    private static final Pattern DECLARED_ENCODING =
            Pattern.compile("^<\\?xml[^>]*?\\sencoding\\s*=\\s*[\"']([^\"']*)[\"']");
    private static final ThreadLocal<SAXParser> PARSERS = ThreadLocal.withInitial(InvoiceXmlInspector::newParser);

    private static final String ROOT = "/Faktura";
    private static final String FORM_CODE = ROOT + "/Naglowek/KodFormularza";
    private static final String SELLER_NIP = ROOT + "/Podmiot1/DaneIdentyfikacyjne/NIP";
    private static final String BUYER_NIP = ROOT + "/Podmiot2/DaneIdentyfikacyjne/NIP";
    private static final String INVOICE_NUMBER = ROOT + "/Fa/P_2";
    private static final String ISSUE_DATE = ROOT + "/Fa/P_1";
    private static final String INVOICE_TYPE = ROOT + "/Fa/RodzajFaktury";
    private static final String ATTACHMENT = ROOT + "/Zalacznik";
    /** FA_RR (1): the body is FakturaRR, whose number and issue date are P_4C and P_4B. */
    private static final String RR_INVOICE_NUMBER = ROOT + "/FakturaRR/P_4C";
    private static final String RR_ISSUE_DATE = ROOT + "/FakturaRR/P_4B";
    private static final String RR_INVOICE_TYPE = ROOT + "/FakturaRR/RodzajFaktury";

    private final int maxProblems;

    public InvoiceXmlInspector(int maxProblems) {
        this.maxProblems = Math.max(1, maxProblems);
    }

    /**
     * @param schema the session's form code schema; null checks only well-formedness and the XML rules
     */
    public InvoiceInspection inspect(byte[] xml, InvoiceSchema schema) {
        if (xml.length >= 3 && (xml[0] & 0xFF) == 0xEF && (xml[1] & 0xFF) == 0xBB && (xml[2] & 0xFF) == 0xBF) {
            return InvoiceInspection.rejected("Faktura musi być zakodowana w UTF-8 bez znacznika BOM.");
        }
        String declared = declaredEncoding(xml);
        if (declared != null && !declared.equalsIgnoreCase("UTF-8")) {
            return InvoiceInspection.rejected("Prolog XML wskazuje kodowanie inne niż UTF-8: '" + declared + "'.");
        }
        if (!isUtf8(xml)) {
            return InvoiceInspection.rejected("Nieprawidłowy XML: treść nie jest poprawnie zakodowana w UTF-8.");
        }
        Reading reading = new Reading(schema == null ? null : schema.schema().newValidatorHandler(),
                schema == null ? Map.of() : schema.occurrenceLimits(), maxProblems);
        SAXParser parser = PARSERS.get();
        try {
            XMLReader reader = parser.getXMLReader();
            reader.setContentHandler(reading);
            reader.setErrorHandler(reading.wellFormedness);
            InputSource source = new InputSource(new ByteArrayInputStream(xml));
            source.setEncoding(StandardCharsets.UTF_8.name());
            reader.parse(source);
        } catch (TooManyProblems enough) {
            // the first problems are what a client needs
        } catch (SAXParseException e) {
            reading.problems.addFatal("Nieprawidłowy XML: " + where(e) + e.getMessage());
        } catch (SAXException | IOException e) {
            reading.problems.addFatal("Nieprawidłowy XML: " + e.getMessage());
        } finally {
            parser.reset();
        }
        PefReading pef = reading.pef;
        if (pef != null) {
            return new InvoiceInspection(List.copyOf(reading.problems.list), null, null, null, pef.sellerNip(),
                    pef.buyerNip(), pef.invoiceNumber(), pef.issueDate(), pef.invoiceType(), pef.hasAttachment(),
                    pef.metadata());
        }
        return new InvoiceInspection(List.copyOf(reading.problems.list), reading.formSystemCode,
                reading.formSchemaVersion, reading.formValue, reading.sellerNip, reading.buyerNip,
                reading.invoiceNumber, reading.issueDate, reading.invoiceType, reading.hasAttachment,
                reading.metadata.result());
    }

    private static SAXParser newParser() {
        try {
            SAXParserFactory factory = SAXParserFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setValidating(false);
            factory.setXIncludeAware(false);
            factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            // No DTD means no entity declarations: no external entities, no entity expansion bombs.
            factory.setFeature(DISALLOW_DOCTYPE, true);
            factory.setFeature("http://xml.org/sax/features/external-general-entities", false);
            factory.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            factory.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            SAXParser parser = factory.newSAXParser();
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            parser.setProperty(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            return parser;
        } catch (ParserConfigurationException | SAXException e) {
            throw new IllegalStateException("Cannot configure the invoice XML parser", e);
        }
    }

    private static String declaredEncoding(byte[] xml) {
        int length = Math.min(xml.length, 200);
        String prolog = new String(xml, 0, length, StandardCharsets.ISO_8859_1);
        int end = prolog.indexOf("?>");
        if (!prolog.startsWith("<?xml") || end < 0) {
            return null;
        }
        Matcher matcher = DECLARED_ENCODING.matcher(prolog.substring(0, end));
        return matcher.find() ? matcher.group(1) : null;
    }

    private static boolean isUtf8(byte[] xml) {
        try {
            StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(xml));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    /** XML 1.0 §2.2 discouraged characters, which KSeF refuses. */
    static boolean isDiscouraged(int codePoint) {
        return (codePoint >= 0x7F && codePoint <= 0x84) || (codePoint >= 0x86 && codePoint <= 0x9F)
                || (codePoint >= 0xFDD0 && codePoint <= 0xFDEF)
                || (codePoint > 0xFFFF && (codePoint & 0xFFFE) == 0xFFFE);
    }

    private static String where(SAXParseException e) {
        return e.getLineNumber() > 0 ? "linia " + e.getLineNumber() + ", kolumna " + e.getColumnNumber() + ": " : "";
    }

    private static final class TooManyProblems extends SAXException {
        TooManyProblems() {
            super("too many problems");
        }
    }

    private static final class Problems {

        private final List<String> list = new ArrayList<>();
        private final int max;

        Problems(int max) {
            this.max = max;
        }

        void add(String problem) throws TooManyProblems {
            if (list.size() < max) {
                list.add(problem);
            }
            if (list.size() >= max) {
                throw new TooManyProblems();
            }
        }

        void addFatal(String problem) {
            if (list.size() < max) {
                list.add(problem);
            }
        }
    }

    /** One pass: forwards every event to the schema validator and picks out the fields and the XML problems. */
    private static final class Reading implements ContentHandler {

        private final ValidatorHandler validator;
        private final Map<String, Integer> occurrenceLimits;
        /** Per open element, how often each limited child occurred so far (null until one did). */
        private final List<Map<String, Integer>> childCounts = new ArrayList<>();
        private final Problems problems;
        private final StringBuilder path = new StringBuilder();
        private final StringBuilder text = new StringBuilder();
        private final ErrorHandler wellFormedness;
        private boolean capturing;
        private boolean discouragedReported;
        private Locator locator;

        private String formSystemCode;
        private String formSchemaVersion;
        private String formValue;
        private String sellerNip;
        private String buyerNip;
        private String invoiceNumber;
        private String issueDate;
        private String invoiceType;
        private boolean hasAttachment;
        private final MetadataReading metadata = new MetadataReading();
        /** Set when the root is a UBL Invoice or CreditNote (PEF): it then reads every field. */
        private PefReading pef;

        Reading(ValidatorHandler validator, Map<String, Integer> occurrenceLimits, int maxProblems) {
            this.validator = validator;
            this.occurrenceLimits = occurrenceLimits;
            this.problems = new Problems(maxProblems);
            this.wellFormedness = new DefaultHandler() {
                @Override
                public void error(SAXParseException e) throws SAXException {
                    problems.add("Nieprawidłowy XML: " + where(e) + e.getMessage());
                }

                @Override
                public void fatalError(SAXParseException e) throws SAXException {
                    throw e;
                }
            };
            if (validator != null) {
                validator.setErrorHandler(new DefaultHandler() {
                    @Override
                    public void error(SAXParseException e) throws SAXException {
                        problems.add(where(e) + e.getMessage());
                    }

                    @Override
                    public void fatalError(SAXParseException e) throws SAXException {
                        problems.add(where(e) + e.getMessage());
                        throw new TooManyProblems();
                    }
                });
            }
        }

        @Override
        public void setDocumentLocator(Locator locator) {
            this.locator = locator;
            if (validator != null) {
                validator.setDocumentLocator(locator);
            }
        }

        @Override
        public void startDocument() throws SAXException {
            if (validator != null) {
                validator.startDocument();
            }
        }

        @Override
        public void endDocument() throws SAXException {
            if (validator != null) {
                validator.endDocument();
            }
        }

        @Override
        public void startPrefixMapping(String prefix, String uri) throws SAXException {
            if (validator != null) {
                validator.startPrefixMapping(prefix, uri);
            }
        }

        @Override
        public void endPrefixMapping(String prefix) throws SAXException {
            if (validator != null) {
                validator.endPrefixMapping(prefix);
            }
        }

        @Override
        public void startElement(String uri, String localName, String qName, Attributes atts) throws SAXException {
            countOccurrence(localName);
            if (path.isEmpty() && PefReading.isRoot(uri, localName)) {
                pef = new PefReading(localName);
            }
            childCounts.add(null);
            path.append('/').append(localName);
            for (int i = 0; i < atts.getLength(); i++) {
                checkCharacters(atts.getValue(i));
            }
            String current = path.toString();
            if (ATTACHMENT.equals(current)) {
                hasAttachment = true;
            }
            if (FORM_CODE.equals(current)) {
                formSystemCode = atts.getValue("", "kodSystemowy");
                formSchemaVersion = atts.getValue("", "wersjaSchemy");
            }
            if (pef != null) {
                pef.start(current, atts.getValue("", "currencyID"));
                capturing = pef.wants(current);
            } else {
                metadata.start(current);
                capturing = isCaptured(current) || MetadataReading.wants(current);
            }
            text.setLength(0);
            if (validator != null) {
                validator.startElement(uri, localName, qName, atts);
            }
        }

        @Override
        public void endElement(String uri, String localName, String qName) throws SAXException {
            if (capturing) {
                String value = text.toString().trim();
                String current = path.toString();
                if (pef != null) {
                    pef.text(current, value);
                } else if (MetadataReading.wants(current)) {
                    metadata.text(current, value);
                }
                switch (pef != null ? "" : current) {
                    case FORM_CODE -> formValue = value;
                    case SELLER_NIP -> sellerNip = value;
                    case BUYER_NIP -> buyerNip = value;
                    case INVOICE_NUMBER, RR_INVOICE_NUMBER -> invoiceNumber = value;
                    case ISSUE_DATE, RR_ISSUE_DATE -> issueDate = value;
                    case INVOICE_TYPE, RR_INVOICE_TYPE -> invoiceType = value;
                    default -> { }
                }
                capturing = false;
            }
            path.setLength(path.length() - localName.length() - 1);
            childCounts.remove(childCounts.size() - 1);
            if (validator != null) {
                validator.endElement(uri, localName, qName);
            }
        }

        @Override
        public void characters(char[] ch, int start, int length) throws SAXException {
            checkCharacters(ch, start, length);
            if (capturing) {
                text.append(ch, start, length);
            }
            if (validator != null) {
                validator.characters(ch, start, length);
            }
        }

        @Override
        public void ignorableWhitespace(char[] ch, int start, int length) throws SAXException {
            if (validator != null) {
                validator.ignorableWhitespace(ch, start, length);
            }
        }

        @Override
        public void processingInstruction(String target, String data) throws SAXException {
            problems.add("Faktura nie może zawierać instrukcji przetwarzania XML (" + position() + "<?" + target
                    + "?>).");
        }

        @Override
        public void skippedEntity(String name) throws SAXException {
            problems.add("Faktura nie może zawierać odwołań do encji (&" + name + ";).");
        }

        /** The limits the compiled schema leaves out (see InvoiceSchema), counted per parent element. */
        private void countOccurrence(String localName) throws SAXException {
            Integer limit = occurrenceLimits.get(localName);
            if (limit == null || childCounts.isEmpty()) {
                return;
            }
            int parent = childCounts.size() - 1;
            Map<String, Integer> counts = childCounts.get(parent);
            if (counts == null) {
                counts = new HashMap<>();
                childCounts.set(parent, counts);
            }
            int count = counts.merge(localName, 1, Integer::sum);
            if (count == limit + 1) {
                problems.add(position() + "element '" + localName + "' występuje więcej niż " + limit
                        + " razy (maxOccurs=\"" + limit + "\").");
            }
        }

        private static boolean isCaptured(String current) {
            return switch (current) {
                case FORM_CODE, SELLER_NIP, BUYER_NIP, INVOICE_NUMBER, ISSUE_DATE, INVOICE_TYPE, RR_INVOICE_NUMBER,
                     RR_ISSUE_DATE, RR_INVOICE_TYPE -> true;
                default -> false;
            };
        }

        private void checkCharacters(String value) throws SAXException {
            checkCharacters(value.toCharArray(), 0, value.length());
        }

        private void checkCharacters(char[] ch, int start, int length) throws SAXException {
            if (discouragedReported) {
                return;
            }
            for (int i = start; i < start + length; ) {
                int codePoint = Character.codePointAt(ch, i, start + length);
                if (isDiscouraged(codePoint)) {
                    discouragedReported = true;
                    problems.add(String.format("Faktura zawiera niedozwolony znak Unicode U+%04X (%s).", codePoint,
                            position().replaceAll(": $", "")));
                    return;
                }
                i += Character.charCount(codePoint);
            }
        }

        private String position() {
            return locator == null ? "" : "linia " + locator.getLineNumber() + ", kolumna "
                    + locator.getColumnNumber() + ": ";
        }
    }
}

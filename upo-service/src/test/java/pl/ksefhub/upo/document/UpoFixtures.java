package pl.ksefhub.upo.document;

import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.SAXException;
import pl.ksefhub.platform.keys.CertificateFiles;

import javax.xml.XMLConstants;
import javax.xml.crypto.AlgorithmMethod;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.KeySelectorException;
import javax.xml.crypto.KeySelectorResult;
import javax.xml.crypto.XMLCryptoContext;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.X509Data;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.validation.Schema;
import javax.xml.validation.SchemaFactory;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Test data, a signing key, and the checks a client makes on a UPO: schema, signature. */
public final class UpoFixtures {

    public static final String SESSION = "20261124-SO-0000000001-0000000001-1A";
    public static final String NIP = "5265877635";
    public static final String TOKEN_REF = "20250819-EC-1ECDD12000-5EE71AE5E3-B7";
    public static final String HASH = "GZMGNVzs3krF6URKgvaw77OOeG3nJ+WGziT5xguliQ8=";

    private static UpoSigner signer;
    private static Path keyDir;
    private static Schema schema;

    private UpoFixtures() {
    }

    public static synchronized UpoSigner signer() {
        if (signer == null) {
            try {
                keyDir = Files.createTempDirectory("upo-keys-");
                CertificateFiles.KeyAndCertificate pair = CertificateFiles.loadOrCreate(keyDir, "upo-signing",
                        "ksef-hub UPO test");
                signer = new UpoSigner(pair.privateKey(), pair.certificate());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return signer;
    }

    /** The PEM private key behind {@link #signer()}. */
    public static Path keyFile() {
        signer();
        return keyDir.resolve("upo-signing.key.pem");
    }

    public static UpoHeader header() {
        return new UpoHeader(SESSION, "Nip", NIP, TOKEN_REF, null, "FA (3)", "1-0E");
    }

    public static UpoEntry entry(int n) {
        OffsetDateTime received = OffsetDateTime.parse("2026-11-24T10:15:30.123Z").plusSeconds(n);
        return new UpoEntry(NIP, String.format("%s-20261124-%012X-AF", NIP, 0x0100000000L + n), "FV/" + n + "/2026",
                LocalDate.parse("2026-11-24"), received, received.plusNanos(250_000_000), HASH, "Online");
    }

    public static List<UpoEntry> entries(int count) {
        List<UpoEntry> entries = new ArrayList<>(count);
        for (int i = 1; i <= count; i++) {
            entries.add(entry(i));
        }
        return entries;
    }

    public static Document parse(byte[] bytes) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            factory.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return factory.newDocumentBuilder().parse(new ByteArrayInputStream(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The trusted upo-v4-3.xsd; its maxOccurs=10000 needs secure processing off (RECIPES.md). */
    public static synchronized Schema schema() {
        if (schema == null) {
            try {
                SchemaFactory factory = SchemaFactory.newInstance(XMLConstants.W3C_XML_SCHEMA_NS_URI);
                factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, false);
                schema = factory.newSchema(UpoFixtures.class.getResource("/schemas/upo-v4-3.xsd"));
            } catch (SAXException e) {
                throw new IllegalStateException(e);
            }
        }
        return schema;
    }

    /** Validates against the schema, which has no place for it, without the enveloped ds:Signature. */
    public static void validateAgainstSchema(byte[] upo) throws Exception {
        Document document = parse(upo);
        NodeList signatures = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        while (signatures.getLength() > 0) {
            signatures.item(0).getParentNode().removeChild(signatures.item(0));
        }
        schema().newValidator().validate(new DOMSource(document));
    }

    /** Verifies the signature as a client does: over the bytes, with the certificate in KeyInfo. */
    public static boolean signatureIsValid(byte[] upo) throws Exception {
        Document document = parse(upo);
        NodeList signatures = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (signatures.getLength() != 1) {
            throw new AssertionError("expected one ds:Signature, found " + signatures.getLength());
        }
        DOMValidateContext context = new DOMValidateContext(new CertificateInKeyInfo(), signatures.item(0));
        NodeList properties = document.getElementsByTagNameNS(UpoSigner.XADES_NAMESPACE, "SignedProperties");
        for (int i = 0; i < properties.getLength(); i++) {
            context.setIdAttributeNS((Element) properties.item(i), null, "Id");
        }
        XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
        boolean valid = signature.validate(context);
        if (valid) {
            for (Object reference : signature.getSignedInfo().getReferences()) {
                if (!((Reference) reference).validate(context)) {
                    return false;
                }
            }
        }
        return valid;
    }

    /** The certificate in ds:KeyInfo, the one a client uses to check the signature. */
    public static X509Certificate signingCertificate(byte[] upo) throws Exception {
        NodeList certificates = parse(upo).getElementsByTagNameNS(XMLSignature.XMLNS, "X509Certificate");
        byte[] der = Base64.getMimeDecoder().decode(certificates.item(0).getTextContent());
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(der));
    }

    /** Picks the public key of the X.509 certificate carried in KeyInfo. */
    private static final class CertificateInKeyInfo extends KeySelector {
        @Override
        public KeySelectorResult select(KeyInfo keyInfo, Purpose purpose, AlgorithmMethod method,
                                        XMLCryptoContext context) throws KeySelectorException {
            for (Object item : keyInfo.getContent()) {
                if (item instanceof X509Data data) {
                    for (Object content : data.getContent()) {
                        if (content instanceof X509Certificate certificate) {
                            PublicKey key = certificate.getPublicKey();
                            return () -> key;
                        }
                    }
                }
            }
            throw new KeySelectorException("no X.509 certificate in KeyInfo");
        }
    }

    public static String text(byte[] upo, String localName) {
        NodeList nodes = parse(upo).getElementsByTagNameNS(UpoXml.NAMESPACE, localName);
        return nodes.getLength() == 0 ? null : nodes.item(0).getTextContent();
    }

    public static int count(byte[] upo, String localName) {
        return parse(upo).getElementsByTagNameNS(UpoXml.NAMESPACE, localName).getLength();
    }
}

package pl.ksefhub.upo.document;

import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.XMLConstants;
import javax.xml.crypto.dom.DOMStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignatureMethod;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLObject;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMSignContext;
import javax.xml.crypto.dsig.keyinfo.KeyInfo;
import javax.xml.crypto.dsig.keyinfo.KeyInfoFactory;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.crypto.dsig.spec.TransformParameterSpec;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.Transformer;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayOutputStream;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.List;

/**
 * Signs a UPO with an enveloped XAdES-BES signature (XML-DSig RSA-SHA256, exclusive C14N, SHA-256 digests,
 * {@code KeyInfo/X509Data} with the certificate, {@code SignedProperties} with {@code SigningTime} and
 * {@code SigningCertificate}), like the Ministry's UPOs, and serialises it once to the bytes that are stored and
 * served. Clients verify the signature over those exact bytes.
 *
 * <p>Thread-safe. The JDK's signature method, transform and reference objects keep per-use state (a lazily created
 * {@code java.security.Signature}, message digests), so they are made per signature from a per-thread factory; what
 * is costly and immutable (the key, the certificate's encoding and digest) is computed once.
 */
public final class UpoSigner {

    public static final String XADES_NAMESPACE = "http://uri.etsi.org/01903/v1.3.2#";
    public static final String SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties";
    public static final String SIGNATURE_ID = "UpoSignature";
    public static final String SIGNED_PROPERTIES_ID = "UpoSignedProperties";

    private static final String IGNORE_LINE_BREAKS = "com.sun.org.apache.xml.internal.security.ignoreLineBreaks";
    private static final ThreadLocal<XMLSignatureFactory> SIGNATURES =
            ThreadLocal.withInitial(() -> XMLSignatureFactory.getInstance("DOM"));
    private static final ThreadLocal<TransformerFactory> TRANSFORMERS =
            ThreadLocal.withInitial(TransformerFactory::newInstance);

    static {
        // Base64 of SignatureValue and X509Certificate in one line: without this the JDK breaks it with CR LF every
        // 76 characters, which serialises as "&#13;" entities. Read once by the JDK's XML security on first use.
        if (System.getProperty(IGNORE_LINE_BREAKS) == null) {
            System.setProperty(IGNORE_LINE_BREAKS, "true");
        }
    }

    private final PrivateKey key;
    private final X509Certificate certificate;
    private final String certificateDigest;
    private final String issuerName;
    private final String serialNumber;
    private final Clock clock;

    public UpoSigner(PrivateKey key, X509Certificate certificate) {
        this(key, certificate, Clock.systemUTC());
    }

    public UpoSigner(PrivateKey key, X509Certificate certificate, Clock clock) {
        this.key = key;
        this.certificate = certificate;
        this.clock = clock;
        try {
            this.certificateDigest = sha256(certificate.getEncoded());
        } catch (Exception e) {
            throw new IllegalArgumentException("unusable certificate", e);
        }
        this.issuerName = certificate.getIssuerX500Principal().getName();
        this.serialNumber = certificate.getSerialNumber().toString();
    }

    public X509Certificate certificate() {
        return certificate;
    }

    /** Signs the document in place and returns its serialised bytes with their SHA-256. */
    public SignedUpo sign(Document document) {
        try {
            XMLSignatureFactory factory = SIGNATURES.get();
            DigestMethod sha256 = factory.newDigestMethod(DigestMethod.SHA256, null);
            Reference whole = factory.newReference("", sha256,
                    List.of(factory.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null),
                            factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    null, null);
            Reference properties = factory.newReference("#" + SIGNED_PROPERTIES_ID, sha256,
                    List.of(factory.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null)),
                    SIGNED_PROPERTIES_TYPE, null);
            SignedInfo signedInfo = factory.newSignedInfo(
                    factory.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    factory.newSignatureMethod(SignatureMethod.RSA_SHA256, null),
                    List.of(whole, properties));
            KeyInfoFactory keyInfos = factory.getKeyInfoFactory();
            KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(certificate))));

            Element qualifying = qualifyingProperties(document);
            Element signedProperties = (Element) qualifying.getFirstChild();
            XMLObject object = factory.newXMLObject(List.of(new DOMStructure(qualifying)), null, null, null);
            XMLSignature signature = factory.newXMLSignature(signedInfo, keyInfo, List.of(object), SIGNATURE_ID,
                    null);

            DOMSignContext context = new DOMSignContext(key, document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            context.setIdAttributeNS(signedProperties, null, "Id");
            signature.sign(context);
            byte[] bytes = serialise(document);
            return new SignedUpo(bytes, sha256(bytes));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign the UPO", e);
        }
    }

    /** {@code xades:QualifyingProperties} with the signing time and the signing certificate's digest. */
    private Element qualifyingProperties(Document document) {
        Element qualifying = xades(document, "QualifyingProperties");
        qualifying.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:xades", XADES_NAMESPACE);
        qualifying.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns:ds", XMLSignature.XMLNS);
        qualifying.setAttributeNS(null, "Target", "#" + SIGNATURE_ID);
        Element signedProperties = append(qualifying, xades(document, "SignedProperties"));
        signedProperties.setAttributeNS(null, "Id", SIGNED_PROPERTIES_ID);
        Element signatureProperties = append(signedProperties, xades(document, "SignedSignatureProperties"));
        append(signatureProperties, xades(document, "SigningTime"))
                .setTextContent(clock.instant().truncatedTo(ChronoUnit.SECONDS).toString());
        Element cert = append(append(signatureProperties, xades(document, "SigningCertificate")),
                xades(document, "Cert"));
        Element certDigest = append(cert, xades(document, "CertDigest"));
        append(certDigest, ds(document, "DigestMethod")).setAttributeNS(null, "Algorithm", DigestMethod.SHA256);
        append(certDigest, ds(document, "DigestValue")).setTextContent(certificateDigest);
        Element issuerSerial = append(cert, xades(document, "IssuerSerial"));
        append(issuerSerial, ds(document, "X509IssuerName")).setTextContent(issuerName);
        append(issuerSerial, ds(document, "X509SerialNumber")).setTextContent(serialNumber);
        return qualifying;
    }

    private static Element xades(Document document, String name) {
        return document.createElementNS(XADES_NAMESPACE, "xades:" + name);
    }

    private static Element ds(Document document, String name) {
        return document.createElementNS(XMLSignature.XMLNS, "ds:" + name);
    }

    private static Element append(Element parent, Element child) {
        parent.appendChild(child);
        return child;
    }

    private static byte[] serialise(Document document) throws Exception {
        Transformer transformer = TRANSFORMERS.get().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.setOutputProperty(OutputKeys.INDENT, "no");
        ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }

    public static String sha256(byte[] bytes) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

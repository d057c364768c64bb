package pl.ksefhub.session.auth.xades;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.crypto.MarshalException;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.spec.XPathFilterParameterSpec;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the enveloped XAdES signature of an {@code AuthTokenRequest} (auth/podpis-xades.md): the signature value
 * over SignedInfo and every reference digest (XMLDSig core validation, JDK secure-validation mode), a reference to
 * the whole document with the enveloped-signature transform, and the XAdES BASELINE-B qualifying properties: a
 * signed SignedProperties with SigningTime and a SigningCertificate(V2) digest of the certificate in KeyInfo.
 * RSA keys of 2048 bits and more and EC keys of 256 bits and more.
 */
public final class XadesSignatureVerifier {

    public static final String XADES_NAMESPACE = "http://uri.etsi.org/01903/v1.3.2#";
    public static final String SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties";

    private static final XMLSignatureFactory FACTORY = XMLSignatureFactory.getInstance("DOM");

    /** DigestMethod URIs of podpis-xades.md, as JCA names. */
    private static final Map<String, String> DIGESTS = Map.of(
            "http://www.w3.org/2000/09/xmldsig#sha1", "SHA-1",
            "http://www.w3.org/2001/04/xmlenc#sha256", "SHA-256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA-384",
            "http://www.w3.org/2001/04/xmlenc#sha512", "SHA-512",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-256", "SHA3-256",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-384", "SHA3-384",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-512", "SHA3-512");

    private static final Set<String> CANONICALIZATIONS = Set.of(
            CanonicalizationMethod.INCLUSIVE, CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS,
            CanonicalizationMethod.EXCLUSIVE, CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS,
            "http://www.w3.org/2006/12/xml-c14n11", "http://www.w3.org/2006/12/xml-c14n11#WithComments");

    private XadesSignatureVerifier() {
    }

    /**
     * @return the signing certificate, whose signature over the document is valid
     * @throws pl.ksefhub.platform.error.KsefException 9101, 9102, 9103, 9105, 21115
     */
    public static X509Certificate verify(Document document) {
        NodeList signatures = document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        if (signatures.getLength() == 0) {
            throw XadesErrors.missingSignature();
        }
        if (signatures.getLength() > 1) {
            throw XadesErrors.tooManySignatures();
        }
        Element signature = (Element) signatures.item(0);
        if (signature.getParentNode() != document.getDocumentElement()) {
            throw XadesErrors.invalidDocument(
                    "Podpis musi być otaczany (enveloped): element Signature w AuthTokenRequest.");
        }
        registerIds(document.getDocumentElement(), new HashSet<>());
        X509Certificate certificate = keyInfoCertificate(signature);
        requireStrongKey(certificate.getPublicKey());

        DOMValidateContext context = new DOMValidateContext(certificate.getPublicKey(), signature);
        // No XSLT, no external references, bounded references and transforms, no weak algorithms.
        context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.TRUE);
        XMLSignature xmlSignature;
        try {
            xmlSignature = FACTORY.unmarshalXMLSignature(context);
            if (!xmlSignature.validate(context)) {
                throw XadesErrors.invalidSignature(xmlSignature.getSignatureValue().validate(context)
                        ? "Skrót podpisanych danych nie odpowiada dokumentowi."
                        : "Wartość podpisu nie jest poprawna.");
            }
        } catch (MarshalException | XMLSignatureException e) {
            throw XadesErrors.invalidSignature(e.getMessage());
        }
        List<Reference> references = xmlSignature.getSignedInfo().getReferences();
        requireDocumentReference(references, document.getDocumentElement());
        Element signedProperties = signedProperties(references, document, signature);
        requireSigningTime(signedProperties);
        requireSigningCertificate(signedProperties, certificate);
        return certificate;
    }

    /**
     * The whole document, the signature taken out by the enveloped-signature transform. Its other transforms may
     * only canonicalize or take out the signature again: a filter leaving out, say, the challenge would let it be
     * changed under a valid signature.
     */
    private static void requireDocumentReference(List<Reference> references, Element root) {
        String rootId = root.getAttribute("Id");
        for (Reference reference : references) {
            String uri = reference.getURI();
            boolean wholeDocument = uri != null && (uri.isEmpty() || (!rootId.isEmpty() && uri.equals("#" + rootId)));
            List<?> transforms = reference.getTransforms();
            boolean enveloped = transforms.stream()
                    .anyMatch(t -> Transform.ENVELOPED.equals(((Transform) t).getAlgorithm()));
            if (wholeDocument && enveloped) {
                if (!transforms.stream().allMatch(t -> keepsTheDocument((Transform) t))) {
                    throw XadesErrors.invalidSignature(
                            "Niedozwolona transformacja w referencji do podpisywanego dokumentu.");
                }
                return;
            }
        }
        throw XadesErrors.invalidSignature(
                "Brak referencji do podpisywanego dokumentu z transformacją enveloped-signature.");
    }

    private static boolean keepsTheDocument(Transform transform) {
        String algorithm = transform.getAlgorithm();
        if (Transform.ENVELOPED.equals(algorithm) || CANONICALIZATIONS.contains(algorithm)) {
            return true;
        }
        // podpis-xades.md lists this XPath as the alternative to the enveloped-signature transform.
        return Transform.XPATH.equals(algorithm)
                && transform.getParameterSpec() instanceof XPathFilterParameterSpec xpath
                && xpath.getXPath().replaceAll("\\s", "").equals("not(ancestor-or-self::ds:Signature)");
    }

    private static Element signedProperties(List<Reference> references, Document document, Element signature) {
        for (Reference reference : references) {
            String uri = reference.getURI();
            if (!SIGNED_PROPERTIES_TYPE.equals(reference.getType()) || uri == null || !uri.startsWith("#")) {
                continue;
            }
            Element target = document.getElementById(uri.substring(1));
            if (target != null && XADES_NAMESPACE.equals(target.getNamespaceURI())
                    && "SignedProperties".equals(target.getLocalName()) && isInside(target, signature)) {
                // Signed as a whole: no filter may leave out SigningTime or SigningCertificate.
                if (!reference.getTransforms().stream()
                        .allMatch(t -> CANONICALIZATIONS.contains(((Transform) t).getAlgorithm()))) {
                    throw XadesErrors.invalidSignature("Niedozwolona transformacja w referencji do SignedProperties.");
                }
                return target;
            }
        }
        throw XadesErrors.invalidSignature("Brak podpisanych właściwości XAdES (SignedProperties).");
    }

    private static void requireSigningTime(Element signedProperties) {
        Element signatureProperties = xadesChild(signedProperties, "SignedSignatureProperties");
        if (signatureProperties == null || xadesChild(signatureProperties, "SigningTime") == null) {
            throw XadesErrors.invalidSignature("Brak czasu złożenia podpisu (SigningTime).");
        }
    }

    /** The first Cert of SigningCertificateV2 (or SigningCertificate) names the certificate of KeyInfo. */
    private static void requireSigningCertificate(Element signedProperties, X509Certificate certificate) {
        Element signatureProperties = xadesChild(signedProperties, "SignedSignatureProperties");
        Element signingCertificate = xadesChild(signatureProperties, "SigningCertificateV2");
        if (signingCertificate == null) {
            signingCertificate = xadesChild(signatureProperties, "SigningCertificate");
        }
        Element cert = signingCertificate == null ? null : xadesChild(signingCertificate, "Cert");
        Element certDigest = cert == null ? null : xadesChild(cert, "CertDigest");
        if (certDigest == null) {
            throw XadesErrors.invalidSignature("Brak skrótu certyfikatu podpisu (SigningCertificate).");
        }
        Element method = dsChild(certDigest, "DigestMethod");
        Element value = dsChild(certDigest, "DigestValue");
        String algorithm = method == null ? null : DIGESTS.get(method.getAttribute("Algorithm"));
        if (algorithm == null || value == null) {
            throw XadesErrors.invalidSignature("Nieobsługiwany algorytm skrótu certyfikatu podpisu.");
        }
        try {
            byte[] expected = MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
            byte[] declared = Base64.getMimeDecoder().decode(value.getTextContent().trim());
            if (!MessageDigest.isEqual(expected, declared)) {
                throw XadesErrors.invalidSignature(
                        "Skrót certyfikatu w SigningCertificate nie odpowiada certyfikatowi podpisu.");
            }
        } catch (NoSuchAlgorithmException | CertificateEncodingException | IllegalArgumentException e) {
            throw XadesErrors.invalidSignature("Nieprawidłowy skrót certyfikatu podpisu.");
        }
    }

    private static X509Certificate keyInfoCertificate(Element signature) {
        Element keyInfo = dsChild(signature, "KeyInfo");
        List<Element> encoded = new ArrayList<>();
        if (keyInfo != null) {
            for (Element data : dsChildren(keyInfo, "X509Data")) {
                encoded.addAll(dsChildren(data, "X509Certificate"));
            }
        }
        if (encoded.isEmpty()) {
            throw XadesErrors.badCertificate("Brak certyfikatu podpisu w KeyInfo.");
        }
        try {
            byte[] der = Base64.getMimeDecoder().decode(encoded.get(0).getTextContent().trim());
            return (X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | IllegalArgumentException e) {
            throw XadesErrors.badCertificate("Nie można odczytać certyfikatu podpisu.");
        }
    }

    private static void requireStrongKey(PublicKey key) {
        if (key instanceof RSAPublicKey rsa && rsa.getModulus().bitLength() >= 2048) {
            return;
        }
        if (key instanceof ECPublicKey ec && ec.getParams().getOrder().bitLength() >= 256) {
            return;
        }
        throw XadesErrors.badCertificate("Wymagany klucz RSA co najmniej 2048 bitów lub EC co najmniej 256 bitów.");
    }

    /**
     * Makes {@code Id} attributes resolvable by same-document references. A repeated Id would let a reference
     * point at something other than what is read (signature wrapping), so it makes the document invalid.
     */
    private static void registerIds(Element element, Set<String> seen) {
        NamedNodeMap attributes = element.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            Attr attribute = (Attr) attributes.item(i);
            if ("Id".equals(attribute.getLocalName()) && attribute.getNamespaceURI() == null) {
                if (!seen.add(attribute.getValue())) {
                    throw XadesErrors.invalidDocument("Powtórzony identyfikator Id: " + attribute.getValue());
                }
                element.setIdAttributeNode(attribute, true);
            }
        }
        for (Node child = element.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element childElement) {
                registerIds(childElement, seen);
            }
        }
    }

    private static boolean isInside(Node node, Node ancestor) {
        for (Node current = node; current != null; current = current.getParentNode()) {
            if (current == ancestor) {
                return true;
            }
        }
        return false;
    }

    private static Element xadesChild(Element parent, String localName) {
        return childNs(parent, XADES_NAMESPACE, localName);
    }

    private static Element dsChild(Element parent, String localName) {
        return childNs(parent, XMLSignature.XMLNS, localName);
    }

    private static List<Element> dsChildren(Element parent, String localName) {
        List<Element> found = new ArrayList<>();
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && XMLSignature.XMLNS.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                found.add(element);
            }
        }
        return found;
    }

    private static Element childNs(Element parent, String namespace, String localName) {
        if (parent == null) {
            return null;
        }
        for (Node child = parent.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (child instanceof Element element && namespace.equals(element.getNamespaceURI())
                    && localName.equals(element.getLocalName())) {
                return element;
            }
        }
        return null;
    }
}

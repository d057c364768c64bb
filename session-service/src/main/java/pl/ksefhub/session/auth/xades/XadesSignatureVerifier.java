package pl.ksefhub.session.auth.xades;

import org.w3c.dom.Attr;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

import javax.xml.crypto.Data;
import javax.xml.crypto.MarshalException;
import javax.xml.crypto.OctetStreamData;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.SignedInfo;
import javax.xml.crypto.dsig.TransformException;
import javax.xml.crypto.dsig.Transform;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureException;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.crypto.dsig.spec.C14NMethodParameterSpec;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerException;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Verifies the XAdES signature of an {@code AuthTokenRequest} as auth/podpis-xades.md accepts it, enveloped or
 * enveloping ({@link SignedRequest}), with the JDK's XML signature API:
 * <ul>
 *     <li>only the algorithms of its lists: SignatureMethod (RSASSA-PKCS1-v1_5, RSASSA-PSS, ECDSA), DigestMethod,
 *     canonicalization and transforms; RSA keys of 2048 bits and more, EC curves of 256 bits and more;</li>
 *     <li>XMLDSig core validation: the signature value over SignedInfo and every reference digest;</li>
 *     <li>the request signed whole: the reference to it may exclude exactly the signature (enveloped-signature,
 *     XPath {@code not(ancestor-or-self::ds:Signature)} or XPath Filter 2.0 as EU DSS writes it) and canonicalize;
 *     whatever the transforms, what they hand to the digest must be the request without the signature, so nothing
 *     of it can be left out or changed under a valid signature;</li>
 *     <li>a XAdES profile: a signed {@code SignedProperties} that binds the signing certificate by
 *     {@code SigningCertificate(V2)}, or a signed {@code KeyInfo} (XAdES-BES allows either; {@code SigningTime} is
 *     optional). A signature whose certificate is bound by neither could have it swapped.</li>
 * </ul>
 * The JDK's secure-validation mode is off because its policy refuses SHA-1, which the list allows; what it guards
 * (same-document references only, bounded references and transforms, no XSLT, unique Ids, key sizes) is checked
 * here before anything is computed.
 */
public final class XadesSignatureVerifier {

    public static final String XADES_NAMESPACE = "http://uri.etsi.org/01903/v1.3.2#";
    public static final String SIGNED_PROPERTIES_TYPE = "http://uri.etsi.org/01903#SignedProperties";
    static final String PROFILE_MISMATCH = "Format podpisu niezgodny z akceptowanymi profilami XAdES.";

    private static final XMLSignatureFactory FACTORY = XMLSignatureFactory.getInstance("DOM");
    private static final String BASE64 = "http://www.w3.org/2000/09/xmldsig#base64";
    private static final String XPATH_FILTER2 = "http://www.w3.org/2002/06/xmldsig-filter2";
    private static final int MAX_REFERENCES = 30;
    private static final int MAX_TRANSFORMS = 5;

    /** DigestMethod URIs of podpis-xades.md, as JCA names. */
    private static final Map<String, String> DIGESTS = Map.of(
            "http://www.w3.org/2000/09/xmldsig#sha1", "SHA-1",
            "http://www.w3.org/2001/04/xmlenc#sha256", "SHA-256",
            "http://www.w3.org/2001/04/xmldsig-more#sha384", "SHA-384",
            "http://www.w3.org/2001/04/xmlenc#sha512", "SHA-512",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-256", "SHA3-256",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-384", "SHA3-384",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-512", "SHA3-512");

    /** SignatureMethod URIs of podpis-xades.md that the JDK implements. */
    private static final Set<String> SIGNATURE_METHODS = Set.of(
            "http://www.w3.org/2000/09/xmldsig#rsa-sha1",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#rsa-sha512",
            "http://www.w3.org/2007/05/xmldsig-more#sha1-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha384-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha512-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-256-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-384-rsa-MGF1",
            "http://www.w3.org/2007/05/xmldsig-more#sha3-512-rsa-MGF1",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha1",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha384",
            "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha512");

    /**
     * ECDSA with SHA-3 (XMLDSig 1.1 errata URIs of 2021), which the JDK's XML signature API does not know: the
     * signature value is checked here with the JCA ({@code SHA3-256withECDSAinP1363Format}: R || S), the
     * references by the JDK.
     */
    private static final Map<String, String> ECDSA_SHA3 = Map.of(
            "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-256", "SHA3-256withECDSAinP1363Format",
            "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-384", "SHA3-384withECDSAinP1363Format",
            "http://www.w3.org/2021/04/xmldsig-more#ecdsa-sha3-512", "SHA3-512withECDSAinP1363Format");

    /** Stands in for an ECDSA-SHA3 method while the JDK validates the references; it never checks the value. */
    private static final String ECDSA_STAND_IN = "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256";

    private static final Set<String> CANONICALIZATIONS = Set.of(
            CanonicalizationMethod.INCLUSIVE, CanonicalizationMethod.INCLUSIVE_WITH_COMMENTS,
            CanonicalizationMethod.EXCLUSIVE, CanonicalizationMethod.EXCLUSIVE_WITH_COMMENTS,
            "http://www.w3.org/2006/12/xml-c14n11", "http://www.w3.org/2006/12/xml-c14n11#WithComments");

    /** The transforms of podpis-xades.md: the canonicalizations and these. */
    private static final Set<String> OTHER_TRANSFORMS = Set.of(Transform.ENVELOPED, Transform.XPATH, XPATH_FILTER2,
            BASE64);

    private XadesSignatureVerifier() {
    }

    /**
     * @return the signing certificate, whose signature over the request is valid
     * @throws pl.ksefhub.platform.error.KsefException 9101, 9102, 9103, 9105, 21115
     */
    public static X509Certificate verify(SignedRequest signed) {
        Document document = signed.received();
        Element signature = theSignature(signed);
        registerIds(document.getDocumentElement(), new HashSet<>());
        Element signatureMethod = dsChild(dsChild(signature, "SignedInfo"), "SignatureMethod");
        String signatureAlgorithm = signatureMethod == null ? "" : signatureMethod.getAttribute("Algorithm");
        String sha3Ecdsa = ECDSA_SHA3.get(signatureAlgorithm);
        if (sha3Ecdsa == null && !SIGNATURE_METHODS.contains(signatureAlgorithm)) {
            throw XadesErrors.invalidSignature("Niedozwolony algorytm podpisu: " + signatureAlgorithm);
        }
        Element signedProperties = signedProperties(signature, document);
        X509Certificate certificate = signingCertificate(signature, signedProperties);
        requireStrongKey(certificate.getPublicKey());

        if (sha3Ecdsa != null) {
            signatureMethod.setAttribute("Algorithm", ECDSA_STAND_IN);
        }
        DOMValidateContext context = new DOMValidateContext(certificate.getPublicKey(), signature);
        // On by default since JDK 17, and its policy refuses SHA-1; requireAllowedAlgorithms applies ours.
        context.setProperty("org.jcp.xml.dsig.secureValidation", Boolean.FALSE);
        context.setProperty("javax.xml.crypto.dsig.cacheReference", Boolean.TRUE);
        XMLSignature xmlSignature;
        try {
            xmlSignature = FACTORY.unmarshalXMLSignature(context);
            requireAllowedAlgorithms(xmlSignature.getSignedInfo());
            if (sha3Ecdsa == null) {
                coreValidation(xmlSignature, context);
            } else {
                verifySha3Ecdsa(xmlSignature, context, sha3Ecdsa, signatureAlgorithm, certificate);
            }
        } catch (MarshalException | XMLSignatureException e) {
            throw XadesErrors.invalidSignature(e.getMessage());
        }
        List<Reference> references = xmlSignature.getSignedInfo().getReferences();
        requireRequestReference(references, signed, signature, context);
        requireProfile(references, signature, signedProperties, certificate);
        return certificate;
    }

    private static Element theSignature(SignedRequest signed) {
        NodeList signatures = signed.received().getElementsByTagNameNS(XMLSignature.XMLNS, "Signature");
        int count = signatures.getLength();
        if (signed.base64()) {
            count += signed.request().getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").getLength();
        }
        if (count == 0) {
            throw XadesErrors.missingSignature();
        }
        if (count > 1) {
            throw XadesErrors.tooManySignatures();
        }
        Element signature = (Element) signatures.item(0);
        Element root = signed.received().getDocumentElement();
        if (signed.enveloping() ? signature != root : signature.getParentNode() != root) {
            throw XadesErrors.invalidDocument("Podpis musi być otaczany (element Signature w AuthTokenRequest) lub"
                    + " otaczający (AuthTokenRequest w elemencie Object podpisu).");
        }
        return signature;
    }

    private static void coreValidation(XMLSignature xmlSignature, DOMValidateContext context)
            throws XMLSignatureException {
        if (!xmlSignature.validate(context)) {
            throw XadesErrors.invalidSignature(xmlSignature.getSignatureValue().validate(context)
                    ? "Skrót podpisanych danych nie odpowiada dokumentowi."
                    : "Wartość podpisu nie jest poprawna.");
        }
    }

    /** What the JDK's secure validation would refuse, and what podpis-xades.md does not list. */
    private static void requireAllowedAlgorithms(SignedInfo signedInfo) {
        if (!CANONICALIZATIONS.contains(signedInfo.getCanonicalizationMethod().getAlgorithm())) {
            throw XadesErrors.invalidSignature("Niedozwolona metoda kanonikalizacji SignedInfo.");
        }
        List<?> references = signedInfo.getReferences();
        if (references.isEmpty() || references.size() > MAX_REFERENCES) {
            throw XadesErrors.invalidSignature("Niedozwolona liczba referencji: " + references.size());
        }
        for (Object item : references) {
            Reference reference = (Reference) item;
            String uri = reference.getURI();
            if (uri == null || !(uri.isEmpty() || uri.startsWith("#")) || uri.startsWith("#xpointer(")) {
                throw XadesErrors.invalidSignature("Dozwolone są tylko referencje do tego samego dokumentu: " + uri);
            }
            if (!DIGESTS.containsKey(reference.getDigestMethod().getAlgorithm())) {
                throw XadesErrors.invalidSignature(
                        "Niedozwolony algorytm skrótu: " + reference.getDigestMethod().getAlgorithm());
            }
            List<?> transforms = reference.getTransforms();
            if (transforms.size() > MAX_TRANSFORMS) {
                throw XadesErrors.invalidSignature("Niedozwolona liczba transformacji: " + transforms.size());
            }
            for (Object transform : transforms) {
                String algorithm = ((Transform) transform).getAlgorithm();
                if (!CANONICALIZATIONS.contains(algorithm) && !OTHER_TRANSFORMS.contains(algorithm)) {
                    throw XadesErrors.invalidSignature("Niedozwolona transformacja: " + algorithm);
                }
            }
        }
    }

    /**
     * Some reference covers the request whole. Enveloped: a reference to the document, and what its transforms
     * produce is byte for byte the canonical document without the signature (the canonicalization being the
     * reference's last transform, or inclusive C14N when none is). Enveloping: a reference to the Object holding
     * the request, which only canonicalizes it (XML) or only decodes it (base64).
     */
    private static void requireRequestReference(List<Reference> references, SignedRequest signed,
                                                Element signature, DOMValidateContext context) {
        if (signed.enveloping()) {
            String objectId = signed.object().getAttribute("Id");
            for (Reference reference : references) {
                if (!objectId.isEmpty() && ("#" + objectId).equals(reference.getURI())
                        && (signed.base64() ? onlyBase64(reference) : onlyCanonicalizes(reference))) {
                    return;
                }
            }
            throw XadesErrors.invalidSignature("Brak referencji do elementu Object z podpisywanym dokumentem.");
        }
        Element root = signed.received().getDocumentElement();
        String rootId = root.getAttribute("Id");
        boolean referenced = false;
        for (Reference reference : references) {
            String uri = reference.getURI();
            if (uri.isEmpty() || (!rootId.isEmpty() && uri.equals("#" + rootId))) {
                referenced = true;
                if (Arrays.equals(digestInput(reference), withoutSignature(root, reference, context))) {
                    return;
                }
            }
        }
        throw XadesErrors.invalidSignature(referenced
                ? "Niedozwolona transformacja w referencji do podpisywanego dokumentu."
                : "Brak referencji do podpisywanego dokumentu (podpis zewnętrzny nie jest akceptowany).");
    }

    private static boolean onlyCanonicalizes(Reference reference) {
        return reference.getTransforms().stream()
                .allMatch(t -> CANONICALIZATIONS.contains(((Transform) t).getAlgorithm()));
    }

    private static boolean onlyBase64(Reference reference) {
        List<?> transforms = reference.getTransforms();
        return transforms.size() == 1 && BASE64.equals(((Transform) transforms.get(0)).getAlgorithm());
    }

    private static byte[] digestInput(Reference reference) {
        try (InputStream in = reference.getDigestInputStream()) {
            if (in == null) {
                throw new IllegalStateException("reference caching is off");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The document as it must reach the digest: without the signature and without comments (a same-document
     * reference drops them), canonicalized as the reference's transforms end.
     */
    private static byte[] withoutSignature(Element root, Reference reference, DOMValidateContext context) {
        Document copy = (Document) root.getOwnerDocument().cloneNode(true);
        Element copiedRoot = copy.getDocumentElement();
        for (Node child = copiedRoot.getFirstChild(); child != null; child = child.getNextSibling()) {
            if (SignedRequest.isSignature(child)) {
                copiedRoot.removeChild(child);
                break;
            }
        }
        removeComments(copy);
        List<?> transforms = reference.getTransforms();
        Transform last = transforms.isEmpty() ? null : (Transform) transforms.get(transforms.size() - 1);
        try {
            Transform canonicalization = last != null && CANONICALIZATIONS.contains(last.getAlgorithm()) ? last
                    : FACTORY.newCanonicalizationMethod(CanonicalizationMethod.INCLUSIVE,
                    (C14NMethodParameterSpec) null);
            Data data = canonicalization.transform(
                    new OctetStreamData(new ByteArrayInputStream(serialize(copy))), context);
            try (InputStream in = ((OctetStreamData) data).getOctetStream()) {
                return in.readAllBytes();
            }
        } catch (GeneralSecurityException | TransformException | IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void removeComments(Node node) {
        for (Node child = node.getFirstChild(); child != null; ) {
            Node next = child.getNextSibling();
            if (child.getNodeType() == Node.COMMENT_NODE) {
                node.removeChild(child);
            } else if (child.getNodeType() == Node.ELEMENT_NODE) {
                removeComments(child);
            }
            child = next;
        }
    }

    private static byte[] serialize(Document document) {
        try {
            var transformer = TransformerFactory.newInstance().newTransformer();
            transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
            transformer.setOutputProperty(OutputKeys.OMIT_XML_DECLARATION, "yes");
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            transformer.transform(new DOMSource(document), new StreamResult(out));
            return out.toByteArray();
        } catch (TransformerException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The SignedProperties of the signature's QualifyingProperties that some reference points at, or null. */
    private static Element signedProperties(Element signature, Document document) {
        for (Element reference : dsChildren(dsChild(signature, "SignedInfo"), "Reference")) {
            String uri = reference.getAttribute("URI");
            if (!uri.startsWith("#")) {
                continue;
            }
            Element target = document.getElementById(uri.substring(1));
            if (target != null && XADES_NAMESPACE.equals(target.getNamespaceURI())
                    && "SignedProperties".equals(target.getLocalName()) && isInside(target, signature)) {
                return target;
            }
        }
        return null;
    }

    /**
     * XAdES: SignedProperties signed whole (only canonicalized: no filter may leave out what they bind), and the
     * signing certificate bound by them or by a signed KeyInfo.
     */
    private static void requireProfile(List<Reference> references, Element signature, Element signedProperties,
                                       X509Certificate certificate) {
        if (signedProperties == null) {
            throw XadesErrors.invalidSignature(PROFILE_MISMATCH);
        }
        for (Reference reference : references) {
            if (reference.getURI().equals("#" + signedProperties.getAttribute("Id")) && !onlyCanonicalizes(reference)) {
                throw XadesErrors.invalidSignature("Niedozwolona transformacja w referencji do SignedProperties.");
            }
        }
        if (certificateDigests(signedProperties).isEmpty() && !keyInfoSigned(references, signature)) {
            throw XadesErrors.invalidSignature(PROFILE_MISMATCH);
        }
    }

    private static boolean keyInfoSigned(List<Reference> references, Element signature) {
        Element keyInfo = dsChild(signature, "KeyInfo");
        String id = keyInfo == null ? "" : keyInfo.getAttribute("Id");
        return !id.isEmpty() && references.stream()
                .anyMatch(reference -> reference.getURI().equals("#" + id) && onlyCanonicalizes(reference));
    }

    /**
     * The certificate whose key made the signature: of the certificates in KeyInfo, the one that SigningCertificate
     * (V2) names, or the first when the properties name none (then KeyInfo must be signed, see requireProfile).
     */
    private static X509Certificate signingCertificate(Element signature, Element signedProperties) {
        List<X509Certificate> candidates = keyInfoCertificates(signature);
        List<Element> digests = signedProperties == null ? List.of() : certificateDigests(signedProperties);
        if (digests.isEmpty()) {
            return candidates.get(0);
        }
        for (X509Certificate candidate : candidates) {
            for (Element digest : digests) {
                if (digestMatches(digest, candidate)) {
                    return candidate;
                }
            }
        }
        throw XadesErrors.invalidSignature(
                "Skrót certyfikatu w SigningCertificate nie odpowiada certyfikatowi podpisu.");
    }

    /** The CertDigest of each Cert of SigningCertificateV2 (or SigningCertificate). */
    private static List<Element> certificateDigests(Element signedProperties) {
        Element signatureProperties = xadesChild(signedProperties, "SignedSignatureProperties");
        Element signingCertificate = xadesChild(signatureProperties, "SigningCertificateV2");
        if (signingCertificate == null) {
            signingCertificate = xadesChild(signatureProperties, "SigningCertificate");
        }
        List<Element> digests = new ArrayList<>();
        if (signingCertificate != null) {
            for (Node cert = signingCertificate.getFirstChild(); cert != null; cert = cert.getNextSibling()) {
                if (cert instanceof Element element && "Cert".equals(element.getLocalName())) {
                    Element digest = xadesChild(element, "CertDigest");
                    if (digest != null) {
                        digests.add(digest);
                    }
                }
            }
        }
        return digests;
    }

    private static boolean digestMatches(Element certDigest, X509Certificate certificate) {
        Element method = dsChild(certDigest, "DigestMethod");
        Element value = dsChild(certDigest, "DigestValue");
        String algorithm = method == null ? null : DIGESTS.get(method.getAttribute("Algorithm"));
        if (algorithm == null || value == null) {
            throw XadesErrors.invalidSignature("Nieobsługiwany algorytm skrótu certyfikatu podpisu.");
        }
        try {
            byte[] expected = MessageDigest.getInstance(algorithm).digest(certificate.getEncoded());
            byte[] declared = Base64.getMimeDecoder().decode(value.getTextContent().trim());
            return MessageDigest.isEqual(expected, declared);
        } catch (NoSuchAlgorithmException | CertificateEncodingException | IllegalArgumentException e) {
            throw XadesErrors.invalidSignature("Nieprawidłowy skrót certyfikatu podpisu.");
        }
    }

    private static List<X509Certificate> keyInfoCertificates(Element signature) {
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
        List<X509Certificate> certificates = new ArrayList<>();
        try {
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            for (Element element : encoded) {
                byte[] der = Base64.getMimeDecoder().decode(element.getTextContent().trim());
                certificates.add((X509Certificate) factory.generateCertificate(new ByteArrayInputStream(der)));
            }
        } catch (CertificateException | IllegalArgumentException e) {
            throw XadesErrors.badCertificate("Nie można odczytać certyfikatu podpisu.");
        }
        return certificates;
    }

    /**
     * ECDSA with SHA-3: the JDK has validated nothing yet and knows the method only as the stand-in. It still
     * canonicalizes SignedInfo as its CanonicalizationMethod says, in the document's context (inherited namespaces
     * count for inclusive C14N); that form differs from the one signed only in the stand-in's URI, which is put
     * back before the JCA checks the value. Then the JDK checks every reference.
     */
    private static void verifySha3Ecdsa(XMLSignature xmlSignature, DOMValidateContext context, String jcaAlgorithm,
                                        String uri, X509Certificate certificate) throws XMLSignatureException {
        if (!(certificate.getPublicKey() instanceof ECPublicKey)) {
            throw XadesErrors.invalidSignature("Algorytm " + uri + " wymaga klucza EC.");
        }
        xmlSignature.getSignatureValue().validate(context);
        String canonical;
        try (InputStream in = xmlSignature.getSignedInfo().getCanonicalizedData()) {
            canonical = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        String standIn = "Algorithm=\"" + ECDSA_STAND_IN + "\"";
        if (canonical.indexOf(standIn) < 0 || canonical.indexOf(standIn) != canonical.lastIndexOf(standIn)) {
            throw XadesErrors.invalidSignature("Niejednoznaczny algorytm podpisu w SignedInfo.");
        }
        byte[] signedInfo = canonical.replace(standIn, "Algorithm=\"" + uri + "\"").getBytes(StandardCharsets.UTF_8);
        try {
            Signature verifier = Signature.getInstance(jcaAlgorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(signedInfo);
            if (!verifier.verify(xmlSignature.getSignatureValue().getValue())) {
                throw XadesErrors.invalidSignature("Wartość podpisu nie jest poprawna.");
            }
        } catch (GeneralSecurityException e) {
            throw XadesErrors.invalidSignature("Wartość podpisu nie jest poprawna.");
        }
        for (Object reference : xmlSignature.getSignedInfo().getReferences()) {
            if (!((Reference) reference).validate(context)) {
                throw XadesErrors.invalidSignature("Skrót podpisanych danych nie odpowiada dokumentowi.");
            }
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
        if (parent == null) {
            return found;
        }
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

package pl.ksefhub.testsupport.xades;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

import javax.xml.crypto.dom.DOMStructure;
import javax.xml.crypto.dsig.CanonicalizationMethod;
import javax.xml.crypto.dsig.DigestMethod;
import javax.xml.crypto.dsig.Reference;
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
import javax.xml.crypto.dsig.spec.XPathFilter2ParameterSpec;
import javax.xml.crypto.dsig.spec.XPathFilterParameterSpec;
import javax.xml.crypto.dsig.spec.XPathType;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.transform.OutputKeys;
import javax.xml.transform.TransformerFactory;
import javax.xml.transform.dom.DOMSource;
import javax.xml.transform.stream.StreamResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.Map;

/**
 * A KSeF client's XAdES signer, as the official SDKs' integration tests use one against the test environment: it
 * makes self-signed certificates (a company seal with {@code organizationIdentifier=VATPL-<NIP>}, a person with
 * {@code serialNumber=TINPL-<NIP>} or {@code PNOPL-<PESEL>}; RSA 2048 or EC P-256) and signs an {@code
 * AuthTokenRequest} with an enveloped XAdES BASELINE-B signature (auth/podpis-xades.md): a reference to the
 * document (enveloped-signature + exclusive c14n) and one to the SignedProperties (SigningTime,
 * SigningCertificateV2).
 *
 * <p>Only the JDK's XML dsig API and BouncyCastle (for the certificates): no Quarkus, so that the deploy system tests,
 * which depend on this jar alone, can sign as well as the services' tests.
 */
public final class XadesTestSigner {

    public static final String AUTH_NAMESPACE = "http://ksef.mf.gov.pl/auth/token/2.0";
    public static final String AUTH_NAMESPACE_V21 = "http://ksef.mf.gov.pl/auth/token/2.1";
    public static final String XADES = "http://uri.etsi.org/01903/v1.3.2#";
    private static final String XMLNS = "http://www.w3.org/2000/xmlns/";
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum KeyKind { RSA_2048, RSA_3072, EC_P256, EC_P384, RSA_1024 }

    /** How the document reference takes the signature out (auth/podpis-xades.md lists all three). */
    public enum Exclusion {
        /** {@code #enveloped-signature}. */
        ENVELOPED_SIGNATURE,
        /** XPath 1.0 {@code not(ancestor-or-self::ds:Signature)}, as several community clients write it. */
        XPATH,
        /** XPath Filter 2.0 subtracting {@code /descendant::ds:Signature}. */
        XPATH_FILTER2
    }

    /**
     * The shape of the signature. The defaults are what {@link #sign(String, Signer)} makes: enveloped,
     * enveloped-signature + exclusive C14N, SigningTime and SigningCertificateV2, SHA-256, the key's usual method.
     *
     * @param exclusion          how the signature is taken out of the document reference
     * @param extraXPath         an XPath 1.0 filter put first in the document reference (null for none): for tests of
     *                           what a verifier must refuse
     * @param signingTime        whether SignedProperties carry SigningTime (XAdES-BES allows none)
     * @param signingCertificate whether SignedProperties carry SigningCertificateV2
     * @param signedKeyInfo      whether a reference covers KeyInfo (the other way XAdES-BES binds the certificate)
     * @param signedProperties   whether there are qualifying properties at all (without: plain XMLDSig)
     * @param signatureMethod    the SignatureMethod URI, null for RSA-SHA256 or ECDSA-SHA256 by the key
     * @param enveloping         the request inside the signature's Object instead of the signature inside it
     */
    public record Options(Exclusion exclusion, String extraXPath, boolean signingTime, boolean signingCertificate,
                          boolean signedKeyInfo, boolean signedProperties, String signatureMethod,
                          boolean enveloping) {

        public static Options defaults() {
            return new Options(Exclusion.ENVELOPED_SIGNATURE, null, true, true, false, true, null, false);
        }

        public Options exclusion(Exclusion value) {
            return new Options(value, extraXPath, signingTime, signingCertificate, signedKeyInfo, signedProperties,
                    signatureMethod, enveloping);
        }

        public Options extraXPath(String value) {
            return new Options(exclusion, value, signingTime, signingCertificate, signedKeyInfo, signedProperties,
                    signatureMethod, enveloping);
        }

        public Options withoutSigningTime() {
            return new Options(exclusion, extraXPath, false, signingCertificate, signedKeyInfo, signedProperties,
                    signatureMethod, enveloping);
        }

        public Options withoutSigningCertificate() {
            return new Options(exclusion, extraXPath, signingTime, false, signedKeyInfo, signedProperties,
                    signatureMethod, enveloping);
        }

        public Options withSignedKeyInfo() {
            return new Options(exclusion, extraXPath, signingTime, signingCertificate, true, signedProperties,
                    signatureMethod, enveloping);
        }

        public Options withoutSignedProperties() {
            return new Options(exclusion, extraXPath, signingTime, signingCertificate, signedKeyInfo, false,
                    signatureMethod, enveloping);
        }

        public Options signatureMethod(String value) {
            return new Options(exclusion, extraXPath, signingTime, signingCertificate, signedKeyInfo,
                    signedProperties, value, enveloping);
        }

        public Options asEnveloping() {
            return new Options(exclusion, extraXPath, signingTime, signingCertificate, signedKeyInfo,
                    signedProperties, signatureMethod, true);
        }
    }

    /** A certificate and its private key. */
    public record Signer(X509Certificate certificate, KeyPair keyPair) {
    }

    private XadesTestSigner() {
    }

    /** A company seal: {@code organizationIdentifier=VATPL-<nip>} (the Java SDK's {@code getCompanySeal}). */
    public static Signer seal(String nip, KeyKind kind) {
        return selfSigned(sealName(nip, "Firma testowa " + nip), kind, Duration.ofDays(-1), Duration.ofDays(365));
    }

    /**
     * A person: {@code serialNumber=TINPL-<nip>} for a 10-digit identifier, {@code PNOPL-<pesel>} for an 11-digit
     * one (the SDKs' {@code getPersonalCertificate}).
     */
    public static Signer person(String nipOrPesel, KeyKind kind) {
        return selfSigned(personName(nipOrPesel), kind, Duration.ofDays(-1), Duration.ofDays(365));
    }

    /** A person's certificate that expired yesterday. */
    public static Signer expiredPerson(String nipOrPesel) {
        return selfSigned(personName(nipOrPesel), KeyKind.EC_P256, Duration.ofDays(-30), Duration.ofDays(-1));
    }

    /** A certificate naming no one KSeF recognises (no organizationIdentifier, no serialNumber). */
    public static Signer anonymous(KeyKind kind) {
        return selfSigned(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.CN, "Nikt").build(), kind,
                Duration.ofDays(-1), Duration.ofDays(365));
    }

    public static Signer selfSigned(X500Name subject, KeyKind kind, Duration notBefore, Duration notAfter) {
        return issue(subject, kind, notBefore, notAfter, null);
    }

    /** A certificate authority to configure as a trust anchor (self-signed, basicConstraints CA). */
    public static Signer certificateAuthority(String name) {
        return issue(new X500NameBuilder(BCStyle.INSTANCE).addRDN(BCStyle.C, "PL").addRDN(BCStyle.CN, name).build(),
                KeyKind.EC_P256, Duration.ofDays(-1), Duration.ofDays(3650), null);
    }

    /**
     * A Peppol service provider's seal: {@code organizationIdentifier=<peppolId>}, as the official SDK's
     * {@code getCompanySeal("Kowalski sp. z o.o", peppolId, peppolId)} makes it.
     */
    public static Signer peppolSeal(String peppolId, KeyKind kind) {
        return selfSigned(new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "PL")
                .addRDN(BCStyle.O, "Dostawca Peppol " + peppolId)
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, peppolId)
                .addRDN(BCStyle.CN, peppolId)
                .build(), kind, Duration.ofDays(-1), Duration.ofDays(365));
    }

    /** A company seal issued by the authority. */
    public static Signer sealIssuedBy(Signer authority, String nip, KeyKind kind) {
        return issue(sealName(nip, "Firma " + nip), kind, Duration.ofDays(-1), Duration.ofDays(365), authority);
    }

    private static X500Name sealName(String nip, String organization) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "PL")
                .addRDN(BCStyle.O, organization)
                .addRDN(BCStyle.ORGANIZATION_IDENTIFIER, "VATPL-" + nip)
                .addRDN(BCStyle.CN, "Pieczęć " + nip)
                .build();
    }

    private static X500Name personName(String identifier) {
        String serial = identifier.length() == 11 ? "PNOPL-" + identifier : "TINPL-" + identifier;
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.C, "PL")
                .addRDN(BCStyle.GIVENNAME, "Jan")
                .addRDN(BCStyle.SURNAME, "Kowalski")
                .addRDN(BCStyle.SERIALNUMBER, serial)
                .addRDN(BCStyle.CN, "Jan Kowalski")
                .build();
    }

    /** Self-signed when issuer is null. */
    private static Signer issue(X500Name subject, KeyKind kind, Duration notBefore, Duration notAfter,
                                Signer issuer) {
        try {
            KeyPairGenerator generator;
            if (kind == KeyKind.EC_P256 || kind == KeyKind.EC_P384) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec(kind == KeyKind.EC_P256 ? "secp256r1" : "secp384r1"));
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(switch (kind) {
                    case RSA_1024 -> 1024;
                    case RSA_3072 -> 3072;
                    default -> 2048;
                });
            }
            KeyPair keyPair = generator.generateKeyPair();
            Instant now = Instant.now();
            X500Name issuerName = issuer == null ? subject
                    : X500Name.getInstance(issuer.certificate().getSubjectX500Principal().getEncoded());
            JcaX509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuerName,
                    new BigInteger(64, RANDOM), Date.from(now.plus(notBefore)), Date.from(now.plus(notAfter)),
                    subject, keyPair.getPublic());
            if (issuer == null) {
                builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            }
            PrivateKey signingKey = issuer == null ? keyPair.getPrivate() : issuer.keyPair().getPrivate();
            String signingAlgorithm = signingKey.getAlgorithm().equals("EC") ? "SHA256withECDSA" : "SHA256withRSA";
            X509Certificate certificate = new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(signingAlgorithm).build(signingKey)));
            return new Signer(certificate, keyPair);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** An unsigned {@code AuthTokenRequest}; contextType is {@code Nip}, {@code InternalId} or {@code NipVatUe}. */
    public static String authTokenRequest(String namespace, String challenge, String contextType,
                                          String contextValue, String subjectIdentifierType) {
        return """
                <?xml version="1.0" encoding="utf-8"?>
                <AuthTokenRequest xmlns="%s">
                    <Challenge>%s</Challenge>
                    <ContextIdentifier>
                        <%s>%s</%s>
                    </ContextIdentifier>
                    <SubjectIdentifierType>%s</SubjectIdentifierType>
                </AuthTokenRequest>
                """.formatted(namespace, challenge, contextType, contextValue, contextType, subjectIdentifierType);
    }

    /** Signs the document with an enveloped XAdES BASELINE-B signature; the bytes to send. */
    public static byte[] sign(String xml, Signer signer) {
        return sign(xml, signer, Options.defaults());
    }

    /**
     * As {@link #sign(String, Signer)}, with an XPath filter first in the document reference's transforms (null for
     * none): for tests of what a verifier must refuse.
     */
    public static byte[] sign(String xml, Signer signer, String documentXPath) {
        return sign(xml, signer, Options.defaults().extraXPath(documentXPath));
    }

    /** Signs the document with a XAdES signature of the given shape; the bytes to send. */
    public static byte[] sign(String xml, Signer signer, Options options) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document request = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            Document document = options.enveloping() ? factory.newDocumentBuilder().newDocument() : request;
            XMLSignatureFactory dsig = XMLSignatureFactory.getInstance("DOM");
            String signatureId = "Signature-1";
            String propertiesId = "SignedProperties-1";
            String keyInfoId = "KeyInfo-1";
            String objectId = "Object-1";
            DigestMethod sha256 = dsig.newDigestMethod(DigestMethod.SHA256, null);
            Transform exclusive = dsig.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null);
            List<Reference> references = new ArrayList<>();
            List<XMLObject> objects = new ArrayList<>();

            if (options.enveloping()) {
                Element content = (Element) document.importNode(request.getDocumentElement(), true);
                objects.add(dsig.newXMLObject(List.of(new DOMStructure(content)), objectId, null, null));
                references.add(dsig.newReference("#" + objectId, sha256, List.of(exclusive), null, null));
            } else {
                references.add(dsig.newReference("", sha256, documentTransforms(dsig, options), null, null));
            }
            Element signedProperties = null;
            if (options.signedProperties()) {
                Element qualifying = qualifyingProperties(document, signer, options, signatureId, propertiesId);
                signedProperties = (Element) qualifying.getFirstChild();
                objects.add(dsig.newXMLObject(List.of(new DOMStructure(qualifying)), null, null, null));
                references.add(dsig.newReference("#" + propertiesId, sha256, List.of(exclusive),
                        "http://uri.etsi.org/01903#SignedProperties", null));
            }
            if (options.signedKeyInfo()) {
                references.add(dsig.newReference("#" + keyInfoId, sha256, List.of(exclusive), null, null));
            }
            String signatureMethod = options.signatureMethod() != null ? options.signatureMethod()
                    : signer.keyPair().getPublic().getAlgorithm().equals("EC")
                    ? "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
                    : "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
            SignedInfo signedInfo = dsig.newSignedInfo(
                    dsig.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    dsig.newSignatureMethod(signatureMethod, null), references);
            KeyInfoFactory keyInfos = dsig.getKeyInfoFactory();
            KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(signer.certificate()))),
                    options.signedKeyInfo() ? keyInfoId : null);
            XMLSignature signature = dsig.newXMLSignature(signedInfo, keyInfo, objects, signatureId, null);

            DOMSignContext context = options.enveloping()
                    ? new DOMSignContext(signer.keyPair().getPrivate(), document)
                    : new DOMSignContext(signer.keyPair().getPrivate(), document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            // Else the Filter 2.0 XPath element would take the prefix ds too, and its expression's ds:Signature
            // would name an element of the filter's namespace.
            context.putNamespacePrefix(Transform.XPATH2, "dsig-xpath");
            if (signedProperties != null) {
                context.setIdAttributeNS(signedProperties, null, "Id");
            }
            signature.sign(context);
            return serialize(document);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static List<Transform> documentTransforms(XMLSignatureFactory dsig, Options options) throws Exception {
        List<Transform> transforms = new ArrayList<>();
        Map<String, String> ds = Map.of("ds", XMLSignature.XMLNS);
        if (options.extraXPath() != null) {
            transforms.add(dsig.newTransform(Transform.XPATH, new XPathFilterParameterSpec(options.extraXPath(), ds)));
        }
        transforms.add(switch (options.exclusion()) {
            case ENVELOPED_SIGNATURE -> dsig.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null);
            case XPATH -> dsig.newTransform(Transform.XPATH,
                    new XPathFilterParameterSpec("not(ancestor-or-self::ds:Signature)", ds));
            case XPATH_FILTER2 -> dsig.newTransform(Transform.XPATH2, new XPathFilter2ParameterSpec(List.of(
                    new XPathType("/descendant::ds:Signature", XPathType.Filter.SUBTRACT, ds))));
        });
        transforms.add(dsig.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null));
        return transforms;
    }

    private static Element qualifyingProperties(Document document, Signer signer, Options options,
                                                String signatureId, String propertiesId) throws Exception {
        Element qualifying = document.createElementNS(XADES, "xades:QualifyingProperties");
        qualifying.setAttributeNS(XMLNS, "xmlns:xades", XADES);
        qualifying.setAttributeNS(XMLNS, "xmlns:ds", XMLSignature.XMLNS);
        qualifying.setAttribute("Target", "#" + signatureId);
        Element signedProperties = child(qualifying, XADES, "xades:SignedProperties");
        signedProperties.setAttribute("Id", propertiesId);
        signedProperties.setIdAttribute("Id", true);
        Element signatureProperties = child(signedProperties, XADES, "xades:SignedSignatureProperties");
        if (options.signingTime()) {
            child(signatureProperties, XADES, "xades:SigningTime").setTextContent(
                    OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
        }
        if (options.signingCertificate()) {
            Element cert = child(child(signatureProperties, XADES, "xades:SigningCertificateV2"), XADES,
                    "xades:Cert");
            Element certDigest = child(cert, XADES, "xades:CertDigest");
            child(certDigest, XMLSignature.XMLNS, "ds:DigestMethod").setAttribute("Algorithm", DigestMethod.SHA256);
            child(certDigest, XMLSignature.XMLNS, "ds:DigestValue").setTextContent(Base64.getEncoder()
                    .encodeToString(MessageDigest.getInstance("SHA-256").digest(signer.certificate().getEncoded())));
        }
        return qualifying;
    }

    /** The certificate as a PEM file, for {@code ksef.session.xades.trust-anchors}. */
    public static String pem(X509Certificate certificate) {
        try {
            return "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Element child(Element parent, String namespace, String qualifiedName) {
        Element child = parent.getOwnerDocument().createElementNS(namespace, qualifiedName);
        parent.appendChild(child);
        return child;
    }

    private static byte[] serialize(Document document) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        var transformer = TransformerFactory.newInstance().newTransformer();
        transformer.setOutputProperty(OutputKeys.ENCODING, "UTF-8");
        transformer.transform(new DOMSource(document), new StreamResult(out));
        return out.toByteArray();
    }
}

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
import javax.xml.crypto.dsig.spec.XPathFilterParameterSpec;
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

    public enum KeyKind { RSA_2048, EC_P256, RSA_1024 }

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
            if (kind == KeyKind.EC_P256) {
                generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
            } else {
                generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(kind == KeyKind.RSA_1024 ? 1024 : 2048);
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
        return sign(xml, signer, null);
    }

    /**
     * As {@link #sign(String, Signer)}, with an XPath filter first in the document reference's transforms (null for
     * none): for tests of what a verifier must refuse.
     */
    public static byte[] sign(String xml, Signer signer, String documentXPath) {
        try {
            DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
            factory.setNamespaceAware(true);
            Document document = factory.newDocumentBuilder()
                    .parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
            XMLSignatureFactory dsig = XMLSignatureFactory.getInstance("DOM");
            String signatureId = "Signature-1";
            String propertiesId = "SignedProperties-1";

            Element qualifying = document.createElementNS(XADES, "xades:QualifyingProperties");
            qualifying.setAttributeNS(XMLNS, "xmlns:xades", XADES);
            qualifying.setAttributeNS(XMLNS, "xmlns:ds", XMLSignature.XMLNS);
            qualifying.setAttribute("Target", "#" + signatureId);
            Element signedProperties = child(qualifying, XADES, "xades:SignedProperties");
            signedProperties.setAttribute("Id", propertiesId);
            signedProperties.setIdAttribute("Id", true);
            Element signatureProperties = child(signedProperties, XADES, "xades:SignedSignatureProperties");
            child(signatureProperties, XADES, "xades:SigningTime").setTextContent(
                    OffsetDateTime.now(ZoneOffset.UTC).withNano(0).toString());
            Element cert = child(child(signatureProperties, XADES, "xades:SigningCertificateV2"), XADES,
                    "xades:Cert");
            Element certDigest = child(cert, XADES, "xades:CertDigest");
            child(certDigest, XMLSignature.XMLNS, "ds:DigestMethod").setAttribute("Algorithm", DigestMethod.SHA256);
            child(certDigest, XMLSignature.XMLNS, "ds:DigestValue").setTextContent(Base64.getEncoder().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(signer.certificate().getEncoded())));

            DigestMethod sha256 = dsig.newDigestMethod(DigestMethod.SHA256, null);
            Transform exclusive = dsig.newTransform(CanonicalizationMethod.EXCLUSIVE, (TransformParameterSpec) null);
            List<Transform> documentTransforms = new ArrayList<>();
            if (documentXPath != null) {
                documentTransforms.add(dsig.newTransform(Transform.XPATH, new XPathFilterParameterSpec(documentXPath,
                        Map.of("ds", XMLSignature.XMLNS))));
            }
            documentTransforms.add(dsig.newTransform(Transform.ENVELOPED, (TransformParameterSpec) null));
            documentTransforms.add(exclusive);
            Reference documentReference = dsig.newReference("", sha256, documentTransforms, null, null);
            Reference propertiesReference = dsig.newReference("#" + propertiesId, sha256, List.of(exclusive),
                    "http://uri.etsi.org/01903#SignedProperties", null);
            String signatureMethod = signer.keyPair().getPublic().getAlgorithm().equals("EC")
                    ? "http://www.w3.org/2001/04/xmldsig-more#ecdsa-sha256"
                    : "http://www.w3.org/2001/04/xmldsig-more#rsa-sha256";
            SignedInfo signedInfo = dsig.newSignedInfo(
                    dsig.newCanonicalizationMethod(CanonicalizationMethod.EXCLUSIVE, (C14NMethodParameterSpec) null),
                    dsig.newSignatureMethod(signatureMethod, null), List.of(documentReference, propertiesReference));
            KeyInfoFactory keyInfos = dsig.getKeyInfoFactory();
            KeyInfo keyInfo = keyInfos.newKeyInfo(List.of(keyInfos.newX509Data(List.of(signer.certificate()))));
            XMLObject object = dsig.newXMLObject(List.of(new DOMStructure(qualifying)), null, null, null);
            XMLSignature signature = dsig.newXMLSignature(signedInfo, keyInfo, List.of(object), signatureId, null);

            DOMSignContext context = new DOMSignContext(signer.keyPair().getPrivate(), document.getDocumentElement());
            context.setDefaultNamespacePrefix("ds");
            context.setIdAttributeNS(signedProperties, null, "Id");
            signature.sign(context);
            return serialize(document);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
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

package pl.ksefhub.testsupport.xades;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Signer;

import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.security.auth.x500.X500Principal;
import javax.xml.crypto.KeySelector;
import javax.xml.crypto.dsig.Reference;
import javax.xml.crypto.dsig.XMLSignature;
import javax.xml.crypto.dsig.XMLSignatureFactory;
import javax.xml.crypto.dsig.dom.DOMValidateContext;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class XadesTestSignerTest {

    private static final String CHALLENGE = "20250625-CR-20F5EE4000-DA48AE4124-46";

    @ParameterizedTest
    @EnumSource(value = KeyKind.class, names = {"RSA_2048", "EC_P256"})
    void theSignatureOverTheAuthTokenRequestAndItsSignedPropertiesVerifies(KeyKind kind) throws Exception {
        String nip = RandomIdentifiers.nip();
        Signer seal = XadesTestSigner.seal(nip, kind);
        byte[] signed = XadesTestSigner.sign(request(nip), seal);

        Document document = parse(signed);
        assertTrue(validate(document, seal), "both references and the signature value verify");
        assertEquals(CHALLENGE, document.getElementsByTagNameNS(XadesTestSigner.AUTH_NAMESPACE, "Challenge").item(0)
                .getTextContent());
        // SigningCertificateV2 names the certificate that signed.
        String certDigest = document.getElementsByTagNameNS(XadesTestSigner.XADES, "CertDigest").item(0)
                .getLastChild().getTextContent();
        assertEquals(Base64.getEncoder().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(seal.certificate().getEncoded())), certDigest);
    }

    @Test
    void aChangedChallengeBreaksTheSignature() throws Exception {
        String nip = RandomIdentifiers.nip();
        Signer seal = XadesTestSigner.seal(nip, KeyKind.EC_P256);
        String signed = new String(XadesTestSigner.sign(request(nip), seal), StandardCharsets.UTF_8);
        String tampered = signed.replace(CHALLENGE, CHALLENGE.replace("46", "47"));

        assertFalse(validate(parse(tampered.getBytes(StandardCharsets.UTF_8)), seal));
    }

    @Test
    void certificatesNameTheirSubjectAsKsefReadsItAndCarryTheAskedKey() throws Exception {
        String nip = RandomIdentifiers.nip();
        String pesel = RandomIdentifiers.pesel();

        Signer seal = XadesTestSigner.seal(nip, KeyKind.RSA_2048);
        assertEquals("VATPL-" + nip, attributes(seal.certificate().getSubjectX500Principal()).get("2.5.4.97"));
        assertEquals(2048, ((RSAPublicKey) seal.certificate().getPublicKey()).getModulus().bitLength());
        assertEquals(seal.certificate().getSubjectX500Principal(), seal.certificate().getIssuerX500Principal());
        seal.certificate().checkValidity();
        seal.certificate().verify(seal.keyPair().getPublic());

        Signer byNip = XadesTestSigner.person(nip, KeyKind.EC_P256);
        assertEquals("TINPL-" + nip, attributes(byNip.certificate().getSubjectX500Principal()).get("2.5.4.5"));
        assertEquals(256, ((ECPublicKey) byNip.certificate().getPublicKey()).getParams().getOrder().bitLength());

        Signer byPesel = XadesTestSigner.person(pesel, KeyKind.EC_P256);
        assertEquals("PNOPL-" + pesel, attributes(byPesel.certificate().getSubjectX500Principal()).get("2.5.4.5"));
    }

    private static String request(String nip) {
        return XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE, CHALLENGE, "Nip", nip,
                "certificateSubject");
    }

    private static Document parse(byte[] xml) throws Exception {
        DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        return factory.newDocumentBuilder().parse(new ByteArrayInputStream(xml));
    }

    private static boolean validate(Document document, Signer signer) throws Exception {
        NodeList properties = document.getElementsByTagNameNS(XadesTestSigner.XADES, "SignedProperties");
        ((Element) properties.item(0)).setIdAttribute("Id", true);
        DOMValidateContext context = new DOMValidateContext(
                KeySelector.singletonKeySelector(signer.certificate().getPublicKey()),
                document.getElementsByTagNameNS(XMLSignature.XMLNS, "Signature").item(0));
        XMLSignature signature = XMLSignatureFactory.getInstance("DOM").unmarshalXMLSignature(context);
        boolean valid = signature.validate(context);
        assertEquals(2, signature.getSignedInfo().getReferences().size());
        for (Object reference : signature.getSignedInfo().getReferences()) {
            valid &= ((Reference) reference).validate(context);
        }
        return valid;
    }

    /** Attribute values by OID, read as a verifier reads them (the JDK prints OIDs of its own keywords as text). */
    private static Map<String, String> attributes(X500Principal principal) throws Exception {
        Map<String, String> keywords = Map.of("2.5.4.97", "ORGANIZATIONIDENTIFIER", "2.5.4.5", "SERIALNUMBER");
        Map<String, String> values = new HashMap<>();
        for (Rdn rdn : new LdapName(principal.getName(X500Principal.RFC2253, keywords)).getRdns()) {
            keywords.forEach((oid, keyword) -> {
                if (keyword.equalsIgnoreCase(rdn.getType())) {
                    values.put(oid, String.valueOf(rdn.getValue()));
                }
            });
        }
        return values;
    }
}

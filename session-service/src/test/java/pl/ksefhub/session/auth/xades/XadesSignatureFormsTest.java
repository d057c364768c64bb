package pl.ksefhub.session.auth.xades;

import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.testsupport.xades.DssTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Exclusion;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Options;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Signer;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every form of auth/podpis-xades.md, made by two independent signers: EU DSS (the official Java SDK's library,
 * with the SDK's parameters and beyond) and the JDK ({@link XadesTestSigner}). What either makes must verify; what
 * leaves part of the request unsigned, or binds no signing certificate, must not.
 */
class XadesSignatureFormsTest {

    private static final String CHALLENGE = "20250625-CR-20F5EE4000-DA48AE4124-46";
    private static final String NIP = "5265877635";
    private static final String PESEL = "80010112345";

    private static String request() {
        return XadesTestSigner.authTokenRequest(XadesTestSigner.AUTH_NAMESPACE, CHALLENGE, "Nip", NIP,
                "certificateSubject");
    }

    enum Holder { SEAL, PERSON_TIN, PERSON_PESEL }

    private static Signer signer(Holder holder, KeyKind key) {
        return switch (holder) {
            case SEAL -> XadesTestSigner.seal(NIP, key);
            case PERSON_TIN -> XadesTestSigner.person(NIP, key);
            case PERSON_PESEL -> XadesTestSigner.person(PESEL, key);
        };
    }

    private static CertificateSubject subjectOf(Holder holder) {
        return switch (holder) {
            case SEAL -> new CertificateSubject("Nip", NIP, true);
            case PERSON_TIN -> new CertificateSubject("Nip", NIP, false);
            case PERSON_PESEL -> new CertificateSubject("Pesel", PESEL, false);
        };
    }

    static Stream<Arguments> holdersAndKeys() {
        return Stream.of(Holder.values()).flatMap(holder -> Stream.of(KeyKind.RSA_2048, KeyKind.RSA_3072,
                KeyKind.EC_P256, KeyKind.EC_P384).map(key -> Arguments.of(holder, key)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("holdersAndKeys")
    void theOfficialSdksEnvelopedBaselineBSignatureVerifies(Holder holder, KeyKind key) {
        byte[] signed = DssTestSigner.sign(request(), signer(holder, key));
        String xml = new String(signed, StandardCharsets.UTF_8);
        // The shape that used to be refused: DSS takes the signature out with XPath Filter 2.0.
        assertTrue(xml.contains("http://www.w3.org/2002/06/xmldsig-filter2"), xml);
        var verified = XadesAuthenticationService.verify(signed);
        assertEquals(subjectOf(holder), verified.subject());
        assertEquals(CHALLENGE, verified.fields().challenge());
    }

    @ParameterizedTest(name = "embedXml={0}")
    @org.junit.jupiter.params.provider.ValueSource(booleans = {false, true})
    void anEnvelopingDssSignatureVerifies(boolean embedXml) {
        for (KeyKind key : List.of(KeyKind.RSA_2048, KeyKind.EC_P256)) {
            byte[] signed = DssTestSigner.sign(request(), signer(Holder.SEAL, key),
                    DssTestSigner.Options.enveloping(embedXml));
            var verified = XadesAuthenticationService.verify(signed);
            assertEquals(subjectOf(Holder.SEAL), verified.subject());
            assertEquals(NIP, verified.fields().contextValue());
        }
    }

    static Stream<Arguments> dssAlgorithms() {
        return Stream.of(
                Arguments.of(SignatureAlgorithm.RSA_SHA384, KeyKind.RSA_2048),
                Arguments.of(SignatureAlgorithm.RSA_SHA512, KeyKind.RSA_3072),
                Arguments.of(SignatureAlgorithm.RSA_SSA_PSS_SHA256_MGF1, KeyKind.RSA_2048),
                Arguments.of(SignatureAlgorithm.RSA_SSA_PSS_SHA512_MGF1, KeyKind.RSA_2048),
                Arguments.of(SignatureAlgorithm.RSA_SSA_PSS_SHA3_256_MGF1, KeyKind.RSA_2048),
                Arguments.of(SignatureAlgorithm.ECDSA_SHA512, KeyKind.EC_P256),
                Arguments.of(SignatureAlgorithm.ECDSA_SHA3_256, KeyKind.EC_P256),
                Arguments.of(SignatureAlgorithm.ECDSA_SHA3_384, KeyKind.EC_P384));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("dssAlgorithms")
    void everyListedSignatureAlgorithmVerifies(SignatureAlgorithm algorithm, KeyKind key) {
        byte[] signed = DssTestSigner.sign(request(), signer(Holder.PERSON_TIN, key),
                DssTestSigner.Options.sdk().algorithm(algorithm));
        String xml = new String(signed, StandardCharsets.UTF_8);
        assertTrue(xml.contains(algorithm.getUri()), xml);
        assertEquals(subjectOf(Holder.PERSON_TIN), XadesAuthenticationService.verify(signed).subject());
    }

    @Test
    void aDssSignatureWithATamperedChallengeFails() {
        String signed = new String(DssTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.EC_P256)),
                StandardCharsets.UTF_8);
        assertCode(9105, signed.replace(CHALLENGE, "20250625-CR-20F5EE4000-DA48AE4125-77"));
    }

    @Test
    void aDssSha3EcdsaSignatureWithAChangedValueFails() {
        String signed = new String(DssTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.EC_P256),
                DssTestSigner.Options.sdk().algorithm(SignatureAlgorithm.ECDSA_SHA3_256)), StandardCharsets.UTF_8);
        int start = signed.indexOf("SignatureValue") + signed.substring(signed.indexOf("SignatureValue"))
                .indexOf('>') + 1;
        char first = signed.charAt(start);
        assertCode(9105, signed.substring(0, start) + (first == 'A' ? 'B' : 'A') + signed.substring(start + 1));
    }

    @ParameterizedTest
    @EnumSource(Exclusion.class)
    void theJdkSignerVerifiesWithEachWayOfTakingOutTheSignature(Exclusion exclusion) {
        byte[] signed = XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.RSA_2048),
                Options.defaults().exclusion(exclusion));
        assertEquals(CHALLENGE, XadesAuthenticationService.verify(signed).fields().challenge());
    }

    @ParameterizedTest
    @EnumSource(Exclusion.class)
    void aFilterThatLeavesOutTheChallengeIsRefusedWhateverTheExclusion(Exclusion exclusion) {
        String signed = new String(XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.EC_P256),
                Options.defaults().exclusion(exclusion)
                        .extraXPath("not(ancestor-or-self::*[local-name()='Challenge'])")), StandardCharsets.UTF_8);
        KsefException refused = assertCode(9105, signed.replace(CHALLENGE, "20250625-CR-20F5EE4000-DA48AE4125-77"));
        assertEquals(List.of("Niedozwolona transformacja w referencji do podpisywanego dokumentu."),
                refused.details());
    }

    @Test
    void anEnvelopingJdkSignatureVerifies() {
        byte[] signed = XadesTestSigner.sign(request(), signer(Holder.PERSON_PESEL, KeyKind.EC_P256),
                Options.defaults().asEnveloping());
        assertEquals(subjectOf(Holder.PERSON_PESEL), XadesAuthenticationService.verify(signed).subject());
    }

    @Test
    void xadesBesWithoutSigningTimeVerifies() {
        byte[] signed = XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.EC_P256),
                Options.defaults().withoutSigningTime());
        assertEquals(subjectOf(Holder.SEAL), XadesAuthenticationService.verify(signed).subject());
    }

    @Test
    void aSignedKeyInfoBindsTheCertificateInsteadOfSigningCertificate() {
        byte[] signed = XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.RSA_2048),
                Options.defaults().withoutSigningTime().withoutSigningCertificate().withSignedKeyInfo());
        assertEquals(subjectOf(Holder.SEAL), XadesAuthenticationService.verify(signed).subject());
    }

    @Test
    void aSignatureThatBindsNoCertificateFitsNoProfile() {
        byte[] unbound = XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.RSA_2048),
                Options.defaults().withoutSigningCertificate());
        KsefException refused = assertCode(9105, unbound);
        assertEquals(List.of("Format podpisu niezgodny z akceptowanymi profilami XAdES."), refused.details());
        byte[] plainXmlDsig = XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.RSA_2048),
                Options.defaults().withoutSignedProperties().withSignedKeyInfo());
        assertEquals(List.of("Format podpisu niezgodny z akceptowanymi profilami XAdES."),
                assertCode(9105, plainXmlDsig).details());
    }

    @Test
    void aCertificateSwappedUnderSigningCertificateFails() {
        String signed = new String(XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.RSA_2048)),
                StandardCharsets.UTF_8);
        String other = java.util.Base64.getEncoder().encodeToString(encoded(signer(Holder.SEAL, KeyKind.RSA_2048)));
        String swapped = signed.replaceFirst("(<ds:X509Certificate>)[^<]+(</ds:X509Certificate>)",
                "$1" + other + "$2");
        assertEquals(List.of("Skrót certyfikatu w SigningCertificate nie odpowiada certyfikatowi podpisu."),
                assertCode(9105, swapped).details());
    }

    @Test
    void sha1AndRsaPssFromTheListVerify() {
        for (String method : List.of("http://www.w3.org/2000/09/xmldsig#rsa-sha1",
                "http://www.w3.org/2007/05/xmldsig-more#sha256-rsa-MGF1")) {
            byte[] signed = XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.RSA_2048),
                    Options.defaults().signatureMethod(method));
            assertEquals(subjectOf(Holder.SEAL), XadesAuthenticationService.verify(signed).subject(), method);
        }
    }

    @Test
    void anAlgorithmOffTheListIsRefused() {
        byte[] signed = XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.RSA_2048),
                Options.defaults().signatureMethod("http://www.w3.org/2001/04/xmldsig-more#rsa-sha224"));
        assertCode(9105, signed);
    }

    @Test
    void aDetachedSignatureIsRefused() {
        // The signature as the document, signing only its own properties: the request is nowhere in it.
        String enveloping = new String(XadesTestSigner.sign(request(), signer(Holder.SEAL, KeyKind.EC_P256),
                Options.defaults().asEnveloping()), StandardCharsets.UTF_8);
        String detached = enveloping.replaceFirst("(?s)<ds:Object Id=\"Object-1\">.*?</ds:Object>", "");
        assertCode(9101, detached);
    }

    private static byte[] encoded(Signer signer) {
        try {
            return signer.certificate().getEncoded();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static KsefException assertCode(int code, String document) {
        return assertCode(code, document.getBytes(StandardCharsets.UTF_8));
    }

    private static KsefException assertCode(int code, byte[] document) {
        KsefException refused = assertThrows(KsefException.class, () -> XadesAuthenticationService.verify(document));
        assertEquals(code, refused.code(), refused.description() + " " + refused.details());
        return refused;
    }
}

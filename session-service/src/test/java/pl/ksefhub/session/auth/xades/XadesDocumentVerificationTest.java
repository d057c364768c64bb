package pl.ksefhub.session.auth.xades;

import pl.ksefhub.testsupport.xades.XadesTestSigner;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checks of {@code POST /auth/xades-signature} that need no database: document, schema, signature, subject. */
class XadesDocumentVerificationTest {

    private static final String CHALLENGE = "20250625-CR-20F5EE4000-DA48AE4124-46";
    private static final String NIP = "5265877635";

    private static String request(String namespace, String contextType, String contextValue, String subjectType) {
        return XadesTestSigner.authTokenRequest(namespace, CHALLENGE, contextType, contextValue, subjectType);
    }

    private static String request() {
        return request(XadesTestSigner.AUTH_NAMESPACE, "Nip", NIP, "certificateSubject");
    }

    @Test
    void aSealSignedWithRsaVerifiesAndNamesItsNip() {
        byte[] signed = XadesTestSigner.sign(request(), XadesTestSigner.seal(NIP, KeyKind.RSA_2048));
        var verified = XadesAuthenticationService.verify(signed);
        assertEquals(new CertificateSubject("Nip", NIP, true), verified.subject());
        assertEquals(CHALLENGE, verified.fields().challenge());
        assertEquals("Nip", verified.fields().contextType());
        assertEquals(NIP, verified.fields().contextValue());
    }

    @Test
    void aPersonSignedWithEcP256UnderSchema21Verifies() {
        byte[] signed = XadesTestSigner.sign(request(XadesTestSigner.AUTH_NAMESPACE_V21, "InternalId",
                NIP + "-00001", "certificateSubject"), XadesTestSigner.person(NIP, KeyKind.EC_P256));
        var verified = XadesAuthenticationService.verify(signed);
        assertEquals(new CertificateSubject("Nip", NIP, false), verified.subject());
        assertEquals("InternalId", verified.fields().contextType());
    }

    @Test
    void aPeselPersonAndAFingerprintAreTheirSubjects() {
        XadesTestSigner.Signer person = XadesTestSigner.person("80010112345", KeyKind.EC_P256);
        assertEquals(new CertificateSubject("Pesel", "80010112345", false),
                XadesAuthenticationService.verify(XadesTestSigner.sign(request(), person)).subject());
        var byFingerprint = XadesAuthenticationService.verify(XadesTestSigner.sign(
                request(XadesTestSigner.AUTH_NAMESPACE, "Nip", NIP, "certificateFingerprint"), person)).subject();
        assertEquals("Fingerprint", byFingerprint.type());
        assertEquals(CertificateSubject.fingerprint(person.certificate()), byFingerprint.value());
        assertTrue(byFingerprint.value().matches("[0-9A-F]{64}"));
    }

    @Test
    void aChangedContextAfterSigningFailsTheDigest() {
        String signed = new String(XadesTestSigner.sign(request(), XadesTestSigner.seal(NIP, KeyKind.RSA_2048)),
                StandardCharsets.UTF_8);
        byte[] tampered = signed.replace(NIP + "</", "7010002137</").getBytes(StandardCharsets.UTF_8);
        assertCode(9105, () -> XadesAuthenticationService.verify(tampered));
    }

    @Test
    void aDocumentReferenceThatFiltersOutTheChallengeIsRefusedEvenThoughItsDigestHolds() {
        XadesTestSigner.Signer seal = XadesTestSigner.seal(NIP, KeyKind.EC_P256);
        String signed = new String(XadesTestSigner.sign(request(), seal,
                "not(ancestor-or-self::*[local-name()='Challenge'])"), StandardCharsets.UTF_8);
        byte[] otherChallenge = signed.replace(CHALLENGE, "20250625-CR-20F5EE4000-DA48AE4125-77")
                .getBytes(StandardCharsets.UTF_8);
        KsefException refused = assertThrows(KsefException.class,
                () -> XadesAuthenticationService.verify(otherChallenge));
        assertEquals(9105, refused.code());
        assertEquals(List.of("Niedozwolona transformacja w referencji do podpisywanego dokumentu."),
                refused.details());
        // The XPath of podpis-xades.md only takes out the signature, as the enveloped transform does.
        assertEquals(CHALLENGE, XadesAuthenticationService.verify(XadesTestSigner.sign(request(), seal,
                "not(ancestor-or-self::ds:Signature)")).fields().challenge());
    }

    @Test
    void aChangedSignatureValueFails() {
        String signed = new String(XadesTestSigner.sign(request(), XadesTestSigner.seal(NIP, KeyKind.EC_P256)),
                StandardCharsets.UTF_8);
        int start = signed.indexOf("SignatureValue>") + "SignatureValue>".length();
        char first = signed.charAt(start);
        String tampered = signed.substring(0, start) + (first == 'A' ? 'B' : 'A') + signed.substring(start + 1);
        assertCode(9105, () -> XadesAuthenticationService.verify(tampered.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void documentErrorsHaveTheirCodes() {
        assertCode(9102, () -> XadesAuthenticationService.verify(request().getBytes(StandardCharsets.UTF_8)));
        assertCode(21001, () -> XadesAuthenticationService.verify("<AuthTokenRequest".getBytes()));
        assertCode(21001, () -> XadesAuthenticationService.verify(("<?xml version=\"1.0\"?><!DOCTYPE a ["
                + "<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>").getBytes(StandardCharsets.UTF_8)));
        assertCode(21217, () -> XadesAuthenticationService.verify(new byte[]{'<', 'a', '>', (byte) 0xB1, '<', '/',
                'a', '>'}));
        assertCode(21401, () -> XadesAuthenticationService.verify(XadesTestSigner.sign(
                request(XadesTestSigner.AUTH_NAMESPACE, "Nip", "123", "certificateSubject"),
                XadesTestSigner.seal(NIP, KeyKind.EC_P256))));
        assertCode(21401, () -> XadesAuthenticationService.verify(XadesTestSigner.sign(
                request().replace(XadesTestSigner.AUTH_NAMESPACE, "urn:other"),
                XadesTestSigner.seal(NIP, KeyKind.EC_P256))));
    }

    @Test
    void twoSignaturesAreTooMany() {
        String signed = new String(XadesTestSigner.sign(request(), XadesTestSigner.seal(NIP, KeyKind.EC_P256)),
                StandardCharsets.UTF_8);
        byte[] twice = XadesTestSigner.sign(signed.replaceFirst("<\\?xml[^>]*>", ""),
                XadesTestSigner.seal(NIP, KeyKind.EC_P256));
        assertCode(9103, () -> XadesAuthenticationService.verify(twice));
    }

    @Test
    void aWeakKeyOrACertificateNamingNoOneIsRefused() {
        assertCode(21115, () -> XadesAuthenticationService.verify(
                XadesTestSigner.sign(request(), XadesTestSigner.seal(NIP, KeyKind.RSA_1024))));
        assertCode(21406, () -> XadesAuthenticationService.verify(
                XadesTestSigner.sign(request(), XadesTestSigner.anonymous(KeyKind.EC_P256))));
    }

    @Test
    void aContextNipWithABadChecksumIs21117() {
        assertCode(21117, () -> XadesAuthenticationService.verify(XadesTestSigner.sign(
                request(XadesTestSigner.AUTH_NAMESPACE, "Nip", "5265877636", "certificateSubject"),
                XadesTestSigner.seal(NIP, KeyKind.EC_P256))));
    }

    /** The schema's {@code ^P[A-Z]{2}[0-9]{6}$} matches as the Ministry's validator reads it: anchored. */
    @Test
    void aPeppolProviderSignsInItsPeppolIdContext() {
        var verified = XadesAuthenticationService.verify(XadesTestSigner.sign(
                request(XadesTestSigner.AUTH_NAMESPACE, "PeppolId", "PPL123456", "certificateSubject"),
                XadesTestSigner.peppolSeal("PPL123456", KeyKind.RSA_2048)));
        assertEquals(new CertificateSubject("PeppolId", "PPL123456", true), verified.subject());
        assertEquals("PeppolId", verified.fields().contextType());
        assertEquals("PPL123456", verified.fields().contextValue());
        // TNipVatUe ends with a $ too.
        assertEquals("NipVatUe", XadesAuthenticationService.verify(XadesTestSigner.sign(
                request(XadesTestSigner.AUTH_NAMESPACE, "NipVatUe", NIP + "-DE123456789", "certificateSubject"),
                XadesTestSigner.seal(NIP, KeyKind.EC_P256))).fields().contextType());
        for (String wrong : List.of("PPL12345", "ppl123456", "^PPL123456$", "PPL1234567")) {
            assertCode(21401, () -> XadesAuthenticationService.verify(XadesTestSigner.sign(
                    request(XadesTestSigner.AUTH_NAMESPACE_V21, "PeppolId", wrong, "certificateSubject"),
                    XadesTestSigner.peppolSeal("PPL123456", KeyKind.EC_P256))));
        }
    }

    @Test
    void onlyALeadingCaretAndATrailingUnescapedDollarAreTakenOffPatterns() {
        assertEquals("P[A-Z]{2}[0-9]{6}", AuthTokenRequestDocument.withoutAnchors("^P[A-Z]{2}[0-9]{6}$"));
        assertEquals("(\\d{10})", AuthTokenRequestDocument.withoutAnchors("(\\d{10})$"));
        assertEquals("a\\$", AuthTokenRequestDocument.withoutAnchors("a\\$"));
        assertEquals("[0-9]{8}", AuthTokenRequestDocument.withoutAnchors("[0-9]{8}"));
    }

    @Test
    void nipChecksum() {
        assertTrue(ContextIdentifiers.isValidNip("5265877635"));
        assertTrue(ContextIdentifiers.isValidNip("1234563218"));
        assertFalse(ContextIdentifiers.isValidNip("5265877636"));
        assertFalse(ContextIdentifiers.isValidNip("52658776"));
        assertEquals("5265877635", ContextIdentifiers.nipOf("NipVatUe", "5265877635-DE123456789"));
    }

    private static void assertCode(int code, Executable executable) {
        KsefException refused = assertThrows(KsefException.class, executable);
        assertEquals(code, refused.code(), refused.description() + " " + refused.getMessage());
    }
}

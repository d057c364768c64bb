package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.AuthenticationStarted;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.client.KsefClient.XadesAuthentication;
import pl.ksefhub.deploy.client.UpoVerifier;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.xades.DssTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Signer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BiFunction;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static pl.ksefhub.deploy.system.OnlineChecks.PROCESSING;
import static pl.ksefhub.deploy.system.OnlineChecks.finalStatus;
import static pl.ksefhub.deploy.system.OnlineChecks.upo;

/**
 * What the official KSeF SDKs' integration tests do against the test environment, here against ksef-hub's one base
 * URL: invent a taxpayer (a random valid NIP no one has used), make a self-signed certificate for it, sign the
 * {@code AuthTokenRequest} with XAdES, and act as that taxpayer's owner through the whole online flow, down to UPOs
 * that name the signed document's hash. No pre-made credentials.
 */
class XadesOnlineFlowSystemIT {

    private static RunningStack.Target target;

    @BeforeAll
    static void stack() {
        target = RunningStack.get();
    }

    /**
     * The certificates the SDKs make for a random NIP, the authentication method KSeF reports for each, and who
     * signs: the JDK ({@link XadesTestSigner}) or EU DSS as the official Java SDK signs ({@link DssTestSigner}).
     */
    enum Credential {
        /** ksef-client-java's {@code getCompanySeal(..., "VATPL-" + nip, ...)}. */
        SEAL_RSA_2048("QualifiedSeal", XadesTestSigner::seal, KeyKind.RSA_2048, XadesTestSigner::sign),
        SEAL_EC_P256("QualifiedSeal", XadesTestSigner::seal, KeyKind.EC_P256, XadesTestSigner::sign),
        /** ksef-client-csharp's {@code GetPersonalCertificate("A", "R", "TINPL", nip, "A R")}. */
        PERSON_TINPL_RSA_2048("QualifiedSignature", XadesTestSigner::person, KeyKind.RSA_2048, XadesTestSigner::sign),
        PERSON_TINPL_EC_P256("QualifiedSignature", XadesTestSigner::person, KeyKind.EC_P256, XadesTestSigner::sign),
        /** The official Java SDK's own signature (DSS, XAdES-BASELINE-B, XPath Filter 2.0). */
        SEAL_RSA_2048_DSS("QualifiedSeal", XadesTestSigner::seal, KeyKind.RSA_2048, DssTestSigner::sign),
        PERSON_TINPL_EC_P256_DSS("QualifiedSignature", XadesTestSigner::person, KeyKind.EC_P256, DssTestSigner::sign);

        final String authenticationMethod;
        private final BiFunction<String, KeyKind, Signer> issue;
        private final KeyKind keyKind;
        private final BiFunction<String, Signer, byte[]> sign;

        Credential(String authenticationMethod, BiFunction<String, KeyKind, Signer> issue, KeyKind keyKind,
                   BiFunction<String, Signer, byte[]> sign) {
            this.authenticationMethod = authenticationMethod;
            this.issue = issue;
            this.keyKind = keyKind;
            this.sign = sign;
        }

        Signer issueFor(String nip) {
            return issue.apply(nip, keyKind);
        }

        byte[] sign(String xml, Signer signer) {
            return sign.apply(xml, signer);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Credential.class)
    void aBrandNewTaxpayerSignsInWithXadesAndGetsUposNamingItsSignedDocument(Credential credential) {
        String nip = RandomIdentifiers.nip();
        Signer signer = credential.issueFor(nip);
        KsefClient client = new KsefClient(target.baseUrl());

        XadesAuthentication login = client.authenticateWithXades(nip, xml -> credential.sign(xml, signer));
        assertEquals(200, login.status().at("/status/code").asInt(), login.status().toString());
        assertEquals(credential.authenticationMethod, login.status().get("authenticationMethod").asText());
        // SkrotDokumentuUwierzytelniajacego: base64 SHA-256 of the signed XML exactly as it was sent.
        String signedDocumentHash = KsefClient.sha256(login.signedDocument());

        OnlineSession session = client.openOnlineSession("FA (3)");
        String number = "XADES/" + UUID.randomUUID();
        byte[] valid = Invoices.fa3(nip, number);
        String validRef = accepted(client.sendInvoice(session, valid));
        String invalidRef = accepted(client.sendInvoice(session, Invoices.fa3WithoutInvoiceNumber(nip)));

        JsonNode validStatus = finalStatus(client, session.referenceNumber(), validRef);
        assertEquals(200, validStatus.at("/status/code").asInt(), validStatus.toString());
        String ksefNumber = validStatus.get("ksefNumber").asText();
        assertTrue(ksefNumber.startsWith(nip + "-"), ksefNumber);
        assertEquals(number, validStatus.get("invoiceNumber").asText());
        assertEquals(KsefClient.sha256(valid), validStatus.get("invoiceHash").asText());
        JsonNode invalidStatus = finalStatus(client, session.referenceNumber(), invalidRef);
        assertEquals(450, invalidStatus.at("/status/code").asInt(), invalidStatus.toString());

        byte[] invoiceUpo = upo(client, "/v2/sessions/" + session.referenceNumber() + "/invoices/" + validRef
                + "/upo");
        assertVerifiedUpo(invoiceUpo, nip, session, signedDocumentHash, List.of(ksefNumber));

        assertEquals(204, client.closeSession(session).status());
        AtomicReference<JsonNode> closed = new AtomicReference<>();
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500)).until(() -> {
            closed.set(client.sessionStatus(session.referenceNumber()).json());
            return closed.get().at("/status/code").asInt() == 200;
        });
        JsonNode status = closed.get();
        assertEquals(2, status.get("invoiceCount").asInt(), status.toString());
        assertEquals(1, status.get("successfulInvoiceCount").asInt());
        assertEquals(1, status.get("failedInvoiceCount").asInt());
        JsonNode pages = status.at("/upo/pages");
        assertEquals(1, pages.size(), status.toString());

        byte[] sessionUpo = upo(client, "/v2/sessions/" + session.referenceNumber() + "/upo/"
                + pages.get(0).get("referenceNumber").asText());
        assertVerifiedUpo(sessionUpo, nip, session, signedDocumentHash, List.of(ksefNumber));
    }

    /** KSeF: the first status query after the close of a session without invoices already reads 440. */
    @Test
    void anEmptySessionReads440RightAfterItsClose() {
        String nip = RandomIdentifiers.nip();
        Signer seal = XadesTestSigner.seal(nip, KeyKind.EC_P256);
        KsefClient client = new KsefClient(target.baseUrl());
        client.authenticateWithXades(nip, xml -> DssTestSigner.sign(xml, seal));
        OnlineSession session = client.openOnlineSession("FA (3)");
        assertEquals(204, client.closeSession(session).status());
        JsonNode status = client.sessionStatus(session.referenceNumber()).json();
        assertEquals(440, status.at("/status/code").asInt(), status.toString());
        assertEquals("Sesja anulowana", status.at("/status/description").asText());
    }

    @Test
    void aCertificateOfAnotherTaxpayerIsNotTheOwnerOfABrandNewContext() {
        String nip = RandomIdentifiers.nip();
        String stranger = RandomIdentifiers.nip();
        KsefClient client = new KsefClient(target.baseUrl());
        Signer strangersSeal = XadesTestSigner.seal(stranger, KeyKind.EC_P256);

        AuthenticationStarted started = client.startXadesAuthentication(nip,
                xml -> XadesTestSigner.sign(xml, strangersSeal));
        JsonNode status = client.awaitAuthentication(started);
        assertEquals(415, status.at("/status/code").asInt(), status.toString());
        Answer redeem = client.post("/v2/auth/token/redeem", started.authenticationToken(), null);
        assertEquals(400, redeem.status(), redeem.text());
        assertEquals(21301, redeem.json().at("/exception/exceptionDetailList/0/exceptionCode").asInt(),
                redeem.text());

        // The taxpayer's own seal still makes it the owner: the stranger's attempt granted nothing to anyone.
        Signer ownSeal = XadesTestSigner.seal(nip, KeyKind.EC_P256);
        client.authenticateWithXades(nip, xml -> XadesTestSigner.sign(xml, ownSeal));
        OnlineSession session = client.openOnlineSession("FA (3)");
        assertEquals(100, client.sessionStatus(session.referenceNumber()).json().at("/status/code").asInt());
    }

    /**
     * A UPO as a careful client checks it: the signature verifies and breaks when one byte of the authentication
     * document's hash changes, the document is valid UPO v4-3, the served hash header matches the bytes, and it
     * names this context, this session, the signed authentication document (not a KSeF token) and the invoices.
     */
    private static void assertVerifiedUpo(byte[] upo, String nip, OnlineSession session, String signedDocumentHash,
                                          List<String> ksefNumbers) {
        assertTrue(UpoVerifier.signatureValid(upo), "the UPO signature must verify");
        UpoVerifier.validateAgainstSchema(upo);

        Document document = UpoVerifier.parse(upo);
        assertEquals(session.referenceNumber(), text(document, "NumerReferencyjnySesji"));
        Element authentication = (Element) document.getElementsByTagNameNS(namespace(document), "Uwierzytelnienie")
                .item(0);
        assertEquals(nip, text(authentication, "Nip"));
        assertEquals(signedDocumentHash, text(authentication, "SkrotDokumentuUwierzytelniajacego"));
        assertNull(text(authentication, "NumerReferencyjnyTokenaKSeF"));
        for (String ksefNumber : ksefNumbers) {
            assertTrue(new String(upo, StandardCharsets.UTF_8).contains("<NumerKSeFDokumentu>" + ksefNumber
                    + "</NumerKSeFDokumentu>"), ksefNumber);
        }

        byte[] tampered = upo.clone();
        // The hash is base64 (ASCII), so its index in an ISO-8859-1 reading is its byte offset.
        int at = new String(upo, StandardCharsets.ISO_8859_1).indexOf(signedDocumentHash) + 3;
        tampered[at] = (byte) (tampered[at] == 'A' ? 'B' : 'A');
        assertFalse(UpoVerifier.signatureValid(tampered), "the signature must cover the authentication document");
    }

    private static String namespace(Document document) {
        return document.getDocumentElement().getNamespaceURI();
    }

    /** The text of the first element of that local name in the UPO's namespace, or null when there is none. */
    private static String text(Document document, String localName) {
        return text(document.getDocumentElement(), localName);
    }

    private static String text(Element scope, String localName) {
        var found = scope.getElementsByTagNameNS(scope.getOwnerDocument().getDocumentElement().getNamespaceURI(),
                localName);
        return found.getLength() == 0 ? null : found.item(0).getTextContent();
    }

    private static String accepted(Answer answer) {
        assertEquals(202, answer.status(), answer.text());
        return answer.json().get("referenceNumber").asText();
    }
}

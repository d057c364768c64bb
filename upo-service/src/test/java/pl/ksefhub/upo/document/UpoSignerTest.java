package pl.ksefhub.upo.document;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.keys.CertificateFiles;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.Signature;
import java.util.Base64;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The signed bytes as a client receives them. */
class UpoSignerTest {

    @Test
    void signedInvoiceUpoVerifiesWithTheCertificateItCarries() throws Exception {
        SignedUpo upo = UpoFixtures.signer().sign(UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(1)));

        assertTrue(UpoFixtures.signatureIsValid(upo.content()));
        assertEquals(UpoFixtures.signer().certificate(), UpoFixtures.signingCertificate(upo.content()));
        UpoFixtures.validateAgainstSchema(upo.content());
    }

    @Test
    void hashIsTheBase64Sha256OfTheExactBytes() throws Exception {
        SignedUpo upo = UpoFixtures.signer().sign(UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(1)));

        byte[] digest = MessageDigest.getInstance("SHA-256").digest(upo.content());
        assertEquals(Base64.getEncoder().encodeToString(digest), upo.sha256Base64());
        assertEquals(44, upo.sha256Base64().length());
    }

    @Test
    void bytesAreUtf8WithDeclarationAndNoIndentation() {
        SignedUpo upo = UpoFixtures.signer().sign(UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(1)));

        String xml = new String(upo.content(), StandardCharsets.UTF_8);
        assertTrue(xml.startsWith("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Potwierdzenie"), xml);
        assertTrue(xml.contains("Ministerstwo Finansów"));
        assertFalse(xml.contains("\n<"), "no pretty printing: it would be outside what was signed");
        assertFalse(xml.contains("&#13;"), "base64 values in one line, no CR entities");
    }

    @Test
    void changingOneByteOfTheContentBreaksTheSignature() throws Exception {
        SignedUpo upo = UpoFixtures.signer().sign(UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(1)));
        String xml = new String(upo.content(), StandardCharsets.UTF_8);

        byte[] tampered = xml.replace("FV/1/2026", "FV/7/2026").getBytes(StandardCharsets.UTF_8);

        assertEquals(upo.content().length, tampered.length);
        assertFalse(UpoFixtures.signatureIsValid(tampered));
    }

    @Test
    void changingTheSigningTimeBreaksTheSignature() throws Exception {
        SignedUpo upo = UpoFixtures.signer().sign(UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(1)));
        String xml = new String(upo.content(), StandardCharsets.UTF_8);
        String time = UpoFixtures.parse(upo.content())
                .getElementsByTagNameNS(UpoSigner.XADES_NAMESPACE, "SigningTime").item(0).getTextContent();

        byte[] tampered = xml.replace(time, time.replaceFirst("^\\d{4}", "2001")).getBytes(StandardCharsets.UTF_8);

        assertFalse(UpoFixtures.signatureIsValid(tampered));
    }

    @Test
    void xadesPropertiesNameTheSigningCertificateByItsDigest() throws Exception {
        SignedUpo upo = UpoFixtures.signer().sign(UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(1)));

        var document = UpoFixtures.parse(upo.content());
        String certDigest = document.getElementsByTagNameNS(UpoSigner.XADES_NAMESPACE, "CertDigest").item(0)
                .getLastChild().getTextContent();
        byte[] expected = MessageDigest.getInstance("SHA-256").digest(UpoFixtures.signer().certificate().getEncoded());
        assertArrayEquals(expected, Base64.getDecoder().decode(certDigest));
        assertEquals("#" + UpoSigner.SIGNATURE_ID, document.getElementsByTagNameNS(UpoSigner.XADES_NAMESPACE,
                "QualifyingProperties").item(0).getAttributes().getNamedItem("Target").getNodeValue());
    }

    @Test
    void fullSessionPageOfTenThousandInvoicesIsSignedAndValid() throws Exception {
        List<UpoPage> pages = UpoPages.split(UpoFixtures.entries(10_001), UpoPages.MAX_DOCUMENTS_PER_PAGE);
        long start = System.nanoTime();

        SignedUpo first = UpoFixtures.signer().sign(UpoXml.sessionPage(UpoFixtures.header(), pages.get(0)));

        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("10,000-document UPO page built and signed in %d ms (%d bytes)%n", millis,
                first.content().length);
        assertEquals(2, pages.size());
        assertEquals(10_000, UpoFixtures.count(first.content(), "Dokument"));
        assertTrue(UpoFixtures.signatureIsValid(first.content()));
        UpoFixtures.validateAgainstSchema(first.content());
        SignedUpo second = UpoFixtures.signer().sign(UpoXml.sessionPage(UpoFixtures.header(), pages.get(1)));
        assertEquals(1, UpoFixtures.count(second.content(), "Dokument"));
        assertEquals("10001", UpoFixtures.text(second.content(), "ZakresDokumentowOd"));
        assertEquals("10002", UpoFixtures.text(second.content(), "ZakresDokumentowDo"));
        UpoFixtures.validateAgainstSchema(second.content());
    }

    /**
     * Speed relative to the one thing that cannot get cheaper, the RSA-2048 signature itself, so that a busy machine
     * slows both sides alike: building, canonicalising, digesting and serialising must stay a fraction of it.
     */
    @Test
    void signingAUpoCostsLittleMoreThanItsRsaSignature() throws Exception {
        PrivateKey key = CertificateFiles.readPrivateKey(UpoFixtures.keyFile());
        byte[] data = new byte[1024];
        long upoNanos = 0;
        long rsaNanos = 0;
        for (int round = 0; round < 6; round++) {
            long start = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                UpoFixtures.signer().sign(UpoXml.invoice(UpoFixtures.header(), UpoFixtures.entry(i)));
            }
            long middle = System.nanoTime();
            for (int i = 0; i < 50; i++) {
                Signature rsa = Signature.getInstance("SHA256withRSA");
                rsa.initSign(key);
                rsa.update(data);
                rsa.sign();
            }
            long end = System.nanoTime();
            if (round > 0) {
                // round 0 warms the JIT up
                upoNanos += middle - start;
                rsaNanos += end - middle;
            }
        }
        double ratio = (double) upoNanos / rsaNanos;
        System.out.printf("invoice UPO: %.2f ms each, %.1f× a bare RSA-2048 signature (%.2f ms)%n",
                upoNanos / 250 / 1e6, ratio, rsaNanos / 250 / 1e6);
        assertTrue(ratio < 4, "a UPO costs " + ratio + " RSA signatures");
    }
}

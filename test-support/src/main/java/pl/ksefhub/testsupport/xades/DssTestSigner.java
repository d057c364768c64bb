package pl.ksefhub.testsupport.xades;

import eu.europa.esig.dss.enumerations.DigestAlgorithm;
import eu.europa.esig.dss.enumerations.EncryptionAlgorithm;
import eu.europa.esig.dss.enumerations.MimeTypeEnum;
import eu.europa.esig.dss.enumerations.SignatureAlgorithm;
import eu.europa.esig.dss.enumerations.SignatureLevel;
import eu.europa.esig.dss.enumerations.SignaturePackaging;
import eu.europa.esig.dss.model.DSSDocument;
import eu.europa.esig.dss.model.InMemoryDocument;
import eu.europa.esig.dss.model.SignatureValue;
import eu.europa.esig.dss.model.ToBeSigned;
import eu.europa.esig.dss.model.x509.CertificateToken;
import eu.europa.esig.dss.spi.validation.CommonCertificateVerifier;
import eu.europa.esig.dss.token.DSSPrivateKeyEntry;
import eu.europa.esig.dss.token.Pkcs12SignatureToken;
import eu.europa.esig.dss.xades.XAdESSignatureParameters;
import eu.europa.esig.dss.xades.signature.XAdESService;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.interfaces.ECPublicKey;

/**
 * Signs an {@code AuthTokenRequest} with EU DSS, the XAdES library of the official KSeF Java SDK, with the SDK's
 * parameters ({@code DefaultSignatureService}): XAdES-BASELINE-B, SHA-256 (SHA-384/512 for larger EC curves), the
 * key in a PKCS#12 token, {@code en319132=false}. A second implementation beside {@link XadesTestSigner}: what both
 * make must verify, so a misunderstanding shared by our verifier and our own signer cannot hide.
 *
 * <p>Needs {@code dss-xades}, {@code dss-token} and {@code dss-utils-apache-commons} on the test classpath (optional
 * dependencies of this module).
 */
public final class DssTestSigner {

    private static final char[] PASSWORD = "test".toCharArray();

    /**
     * The signature's shape.
     *
     * @param packaging  ENVELOPED (the SDK's) or ENVELOPING
     * @param embedXml   for ENVELOPING: the request as XML in the Object instead of base64 (DSS's default)
     * @param algorithm  the signature algorithm, null for the SDK's choice by key (RSA-SHA256, ECDSA by curve size)
     */
    public record Options(SignaturePackaging packaging, boolean embedXml, SignatureAlgorithm algorithm) {

        /** The official SDK's signature. */
        public static Options sdk() {
            return new Options(SignaturePackaging.ENVELOPED, false, null);
        }

        public static Options enveloping(boolean embedXml) {
            return new Options(SignaturePackaging.ENVELOPING, embedXml, null);
        }

        public Options algorithm(SignatureAlgorithm value) {
            return new Options(packaging, embedXml, value);
        }
    }

    private DssTestSigner() {
    }

    /** As the official SDK signs. */
    public static byte[] sign(String xml, XadesTestSigner.Signer signer) {
        return sign(xml, signer, Options.sdk());
    }

    public static byte[] sign(String xml, XadesTestSigner.Signer signer, Options options) {
        SignatureAlgorithm algorithm = options.algorithm() != null ? options.algorithm() : sdkAlgorithm(signer);
        XAdESSignatureParameters parameters = new XAdESSignatureParameters();
        parameters.setSignaturePackaging(options.packaging());
        parameters.setEmbedXML(options.embedXml());
        parameters.setSignatureLevel(SignatureLevel.XAdES_BASELINE_B);
        parameters.setEn319132(false);
        // The certificate first: setting it sets the encryption algorithm from its key (RSA for RSASSA-PSS too).
        parameters.setSigningCertificate(new CertificateToken(signer.certificate()));
        parameters.setEncryptionAlgorithm(algorithm.getEncryptionAlgorithm());
        parameters.setDigestAlgorithm(algorithm.getDigestAlgorithm());
        parameters.setSigningCertificateDigestMethod(algorithm.getDigestAlgorithm());

        DSSDocument document = new InMemoryDocument(xml.getBytes(StandardCharsets.UTF_8), null, MimeTypeEnum.XML);
        XAdESService service = new XAdESService(new CommonCertificateVerifier());
        ToBeSigned dataToSign = service.getDataToSign(document, parameters);
        try (Pkcs12SignatureToken token = new Pkcs12SignatureToken(pkcs12(signer),
                new KeyStore.PasswordProtection(PASSWORD))) {
            DSSPrivateKeyEntry key = token.getKeys().get(0);
            SignatureValue value = token.sign(dataToSign, algorithm, key);
            DSSDocument signed = service.signDocument(document, parameters, value);
            try (InputStream in = signed.openStream()) {
                return in.readAllBytes();
            }
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** DefaultSignatureService.resolveSignatureAlgorithm of the SDK. */
    private static SignatureAlgorithm sdkAlgorithm(XadesTestSigner.Signer signer) {
        if (!(signer.certificate().getPublicKey() instanceof ECPublicKey ec)) {
            return SignatureAlgorithm.RSA_SHA256;
        }
        int fieldSize = ec.getParams().getCurve().getField().getFieldSize();
        DigestAlgorithm digest = fieldSize <= 256 ? DigestAlgorithm.SHA256
                : fieldSize <= 384 ? DigestAlgorithm.SHA384 : DigestAlgorithm.SHA512;
        return SignatureAlgorithm.getAlgorithm(EncryptionAlgorithm.ECDSA, digest);
    }

    private static byte[] pkcs12(XadesTestSigner.Signer signer) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        keyStore.load(null, null);
        keyStore.setKeyEntry("signer", signer.keyPair().getPrivate(), PASSWORD,
                new Certificate[]{signer.certificate()});
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        keyStore.store(out, PASSWORD);
        return out.toByteArray();
    }
}

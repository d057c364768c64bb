package pl.ksefhub.session.certificates;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateSubjectIdentifier;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.security.SignatureException;
import java.security.cert.X509Certificate;
import java.security.interfaces.ECPublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.PSSParameterSpec;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * KOD II (kody-qr.md, "Weryfikacja certyfikatu"): a link to {@code <qr base>/certificate/{contextType}/
 * {contextValue}/{sellerNip}/{serial}/{invoiceHash}/{signature}} signed with the private key of an Offline KSeF
 * certificate. The signature covers the link without its scheme and without the signature segment: RSASSA-PSS
 * (SHA-256, MGF1-SHA-256, 32-byte salt) or ECDSA P-256/SHA-256 in IEEE P1363 or DER form, Base64URL.
 *
 * <p>Checked here: the certificate is one of ours, of type Offline, active (not revoked, not expired), and the
 * signature. Not yet: steps 3 and 4 of the doc (the holder's permissions in the context, the context's right to
 * invoice for the seller's NIP) belong to the permissions model, which is still to come.
 */
@ApplicationScoped
public class OfflineCertificateLinks {

    private final KsefCertificateRepository certificates;

    public OfflineCertificateLinks(KsefCertificateRepository certificates) {
        this.certificates = certificates;
    }

    /** What the link names, and what verified. */
    public record Verification(boolean verified, String certificateSerialNumber, String certificateStatus,
                               CertificateSubjectIdentifier issuer, CertificateSubjectIdentifier contextIdentifier,
                               String sellerNip, String invoiceHash, boolean signatureValid, List<String> problems) {
    }

    /**
     * @param signedTexts the texts the signature may cover: the link as this request reached us, and as built on
     *                    each configured QR base (a proxy may have changed host or path on the way)
     */
    @WithSession
    public Uni<Verification> verify(String contextType, String contextValue, String sellerNip, String serialNumber,
                                    String invoiceHash, String signature, List<String> signedTexts) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return certificates.findById(serialNumber).map(certificate -> {
            List<String> problems = new ArrayList<>();
            String status = certificate == null ? null : certificate.statusAt(now);
            boolean signatureValid = false;
            if (certificate == null) {
                problems.add("Certyfikat o podanym numerze seryjnym nie istnieje.");
            } else {
                if (!KsefCertificate.OFFLINE.equals(certificate.type)) {
                    problems.add("Certyfikat nie jest certyfikatem KSeF typu Offline.");
                }
                if (!KsefCertificate.ACTIVE.equals(status)) {
                    problems.add("Certyfikat nie jest aktywny (" + status + ").");
                }
                X509Certificate x509 = CertificateService.decode(certificate.certificate);
                signatureValid = signedTexts.stream().anyMatch(text -> signatureValid(x509.getPublicKey(), text,
                        signature));
                if (!signatureValid) {
                    problems.add("Podpis linku nie jest zgodny z kluczem certyfikatu.");
                }
            }
            return new Verification(problems.isEmpty(), serialNumber, status,
                    certificate == null ? null
                            : new CertificateSubjectIdentifier(certificate.subjectType, certificate.subjectValue),
                    new CertificateSubjectIdentifier(contextType, contextValue), sellerNip, invoiceHash,
                    signatureValid, problems);
        });
    }

    static boolean signatureValid(PublicKey key, String signedText, String signatureBase64Url) {
        byte[] signature;
        try {
            signature = Base64.getUrlDecoder().decode(signatureBase64Url);
        } catch (IllegalArgumentException e) {
            return false;
        }
        byte[] text = signedText.getBytes(StandardCharsets.UTF_8);
        try {
            if (key instanceof ECPublicKey) {
                // P1363 (R || S, 64 bytes) is what the doc recommends; DER (RFC 3279) is also allowed.
                return verify("SHA256withECDSAinP1363Format", null, key, text, signature)
                        || verify("SHA256withECDSA", null, key, text, signature);
            }
            return verify("RSASSA-PSS", new PSSParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, 32, 1),
                    key, text, signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static boolean verify(String algorithm, PSSParameterSpec parameters, PublicKey key, byte[] text,
                                  byte[] signature) throws GeneralSecurityException {
        Signature verifier = Signature.getInstance(algorithm);
        if (parameters != null) {
            verifier.setParameter(parameters);
        }
        verifier.initVerify(key);
        verifier.update(text);
        try {
            return verifier.verify(signature);
        } catch (SignatureException e) {
            return false;
        }
    }
}

package pl.ksefhub.session.certificates;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;

/**
 * What a XAdES login needs to know about a KSeF certificate of ours: whether this installation issued it, who
 * holds it, and whether it may still log in.
 */
@ApplicationScoped
public class IssuedCertificates {

    /** The 460 details of the spec's status table. */
    static final String REVOKED = "Certyfikat odwołany";
    static final String SUSPENDED = "Certyfikat zawieszony";
    static final String INVALID = "Nieważny certyfikat";
    static final String INCORRECT = "Niepoprawny certyfikat";

    private final CertificateAuthority authority;
    private final KsefCertificateRepository certificates;

    public IssuedCertificates(CertificateAuthority authority, KsefCertificateRepository certificates) {
        this.authority = authority;
        this.certificates = certificates;
    }

    /**
     * Who holds a certificate, or why it cannot log in.
     *
     * @param refusal the 460 detail, null when the certificate may log in
     */
    public record Holder(String refusal, String subjectType, String subjectValue) {
    }

    /** True when this installation's CA signed it (a signature check: CPU only, no database). */
    public boolean issuedHere(X509Certificate certificate) {
        return authority.issued(certificate);
    }

    /** Within the caller's session. An Offline certificate never logs in ("Nie umożliwia uwierzytelnienia"). */
    public Uni<Holder> holder(X509Certificate certificate, OffsetDateTime now) {
        return certificates.findById(CertificateAuthority.hex(certificate.getSerialNumber())).map(found -> {
            if (found == null || !KsefCertificate.AUTHENTICATION.equals(found.type)) {
                return new Holder(INCORRECT, null, null);
            }
            String refusal = switch (found.statusAt(now)) {
                case KsefCertificate.REVOKED -> REVOKED;
                case KsefCertificate.BLOCKED -> SUSPENDED;
                case KsefCertificate.EXPIRED -> INVALID;
                default -> null;
            };
            return new Holder(refusal, found.subjectType, found.subjectValue);
        });
    }

    /** The certificate's {@code lastUseDate}. */
    public Uni<Void> markUsed(X509Certificate certificate, OffsetDateTime now) {
        return certificates.update("lastUseDate = ?1 where serialNumber = ?2", now,
                CertificateAuthority.hex(certificate.getSerialNumber())).replaceWithVoid();
    }

    public static String encode(X509Certificate certificate) {
        return CertificateService.encode(certificate);
    }

    public static X509Certificate decode(String base64) {
        return CertificateService.decode(base64);
    }
}

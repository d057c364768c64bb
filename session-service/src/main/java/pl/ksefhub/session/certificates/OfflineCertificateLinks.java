package pl.ksefhub.session.certificates;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.qr.VerificationPage;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.auth.xades.ContextIdentifiers;
import pl.ksefhub.session.auth.xades.XadesAuthenticationService;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateSubjectIdentifier;
import pl.ksefhub.session.permissions.Grant.Identifier;
import pl.ksefhub.session.permissions.Grant.Kind;
import pl.ksefhub.session.permissions.GrantStore;


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
import java.util.Set;

/**
 * KOD II (kody-qr.md, "Weryfikacja certyfikatu"): a link to {@code <qr base>/certificate/{contextType}/
 * {contextValue}/{sellerNip}/{serial}/{invoiceHash}/{signature}} signed with the private key of an Offline KSeF
 * certificate. The signature covers the link without its scheme and without the signature segment: RSASSA-PSS
 * (SHA-256, MGF1-SHA-256, 32-byte salt) or ECDSA P-256/SHA-256 in IEEE P1363 or DER form, Base64URL.
 *
 * <p>The four steps of the doc: the certificate is one of ours, of type Offline and active (not revoked, not
 * expired); the signature; the certificate's subject holds a permission to issue invoices in the context (what a
 * login of that subject there would receive: {@code InvoiceWrite}, or the owner's); the context may issue invoices
 * for the seller's NIP (it is the seller, or the seller authorized it: SelfInvoicing, TaxRepresentative,
 * RRInvoicing, PefInvoicing).
 */
@ApplicationScoped
public class OfflineCertificateLinks {

    /** The permissions that let a login issue invoices in its context. */
    private static final Set<String> ISSUING = Set.of("InvoiceWrite", "Owner");
    /** The authorizations by which a seller lets another entity issue its invoices (uprawnienia.md). */
    private static final Set<String> ISSUING_FOR_SELLER = Set.of("SelfInvoicing", "TaxRepresentative",
            "RRInvoicing", "PefInvoicing");

    private final KsefCertificateRepository certificates;
    private final XadesAuthenticationService logins;
    private final GrantStore grants;

    public OfflineCertificateLinks(KsefCertificateRepository certificates, XadesAuthenticationService logins,
                                   GrantStore grants) {
        this.certificates = certificates;
        this.logins = logins;
        this.grants = grants;
    }

    /** What the link names, and what verified. */
    public record Verification(boolean verified, String certificateSerialNumber, String certificateStatus,
                               CertificateSubjectIdentifier issuer, CertificateSubjectIdentifier contextIdentifier,
                               String sellerNip, String invoiceHash, boolean certificateExists,
                               boolean certificateActive, boolean signatureValid, boolean issuerPermitted,
                               boolean contextMayIssueForSeller, List<String> problems) {

        /** The page a scanned KOD II opens, worded as the Ministry's. */
        public VerificationPage page() {
            List<VerificationPage.Check> checks = List.of(
                    new VerificationPage.Check(certificateExists, "Certyfikat istnieje", "Certyfikat nie istnieje"),
                    new VerificationPage.Check(certificateActive, "Certyfikat jest aktywny",
                            "Certyfikat nie jest aktywny"),
                    new VerificationPage.Check(signatureValid, "Podpis wystawcy jest prawidłowy",
                            "Podpis wystawcy jest nieprawidłowy"),
                    new VerificationPage.Check(issuerPermitted && contextMayIssueForSeller,
                            "Wystawca posiada uprawnienia do wystawienia faktury",
                            "Wystawca nie posiada uprawnień do wystawienia faktury"));
            List<VerificationPage.Detail> details = new ArrayList<>(List.of(
                    new VerificationPage.Detail("Numer seryjny certyfikatu", certificateSerialNumber),
                    new VerificationPage.Detail("Status certyfikatu", certificateStatus),
                    new VerificationPage.Detail("Wystawca", issuer == null ? null
                            : issuer.type() + " " + issuer.value()),
                    new VerificationPage.Detail("Kontekst", contextIdentifier.type() + " "
                            + contextIdentifier.value()),
                    new VerificationPage.Detail("NIP sprzedawcy", sellerNip),
                    new VerificationPage.Detail("Skrót SHA-256 faktury", invoiceHash)));
            problems.forEach(problem -> details.add(new VerificationPage.Detail("Uwaga", problem)));
            return new VerificationPage("Weryfikacja certyfikatu wystawcy", checks, details);
        }
    }

    /**
     * @param signedTexts the texts the signature may cover: the link as this request reached us, and as built on
     *                    each configured QR base (a proxy may have changed host or path on the way)
     */
    @WithSession
    public Uni<Verification> verify(String contextType, String contextValue, String sellerNip, String serialNumber,
                                    String invoiceHash, String signature, List<String> signedTexts) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        CertificateSubjectIdentifier context = new CertificateSubjectIdentifier(contextType, contextValue);
        return certificates.findById(serialNumber).chain(certificate -> {
            if (certificate == null) {
                return Uni.createFrom().item(new Verification(false, serialNumber, null, null, context, sellerNip,
                        invoiceHash, false, false, false, false, false,
                        List.of("Certyfikat o podanym numerze seryjnym nie istnieje.")));
            }
            List<String> problems = new ArrayList<>();
            String status = certificate.statusAt(now);
            boolean active = KsefCertificate.ACTIVE.equals(status);
            if (!KsefCertificate.OFFLINE.equals(certificate.type)) {
                problems.add("Certyfikat nie jest certyfikatem KSeF typu Offline.");
            }
            if (!active) {
                problems.add("Certyfikat nie jest aktywny (" + status + ").");
            }
            X509Certificate x509 = CertificateService.decode(certificate.certificate);
            boolean signatureValid = signedTexts.stream().anyMatch(text -> signatureValid(x509.getPublicKey(), text,
                    signature));
            if (!signatureValid) {
                problems.add("Podpis linku nie jest zgodny z kluczem certyfikatu.");
            }
            CertificateSubject holder = new CertificateSubject(certificate.subjectType, certificate.subjectValue,
                    false);
            return logins.permissionsIn(contextType, contextValue, holder, x509)
                    .chain(permissions -> mayIssueForSeller(contextType, contextValue, sellerNip)
                            .map(forSeller -> {
                                boolean permitted = permissions.stream().anyMatch(ISSUING::contains);
                                if (!permitted) {
                                    problems.add("Podmiot certyfikatu nie ma uprawnienia InvoiceWrite w kontekście "
                                            + contextType + " " + contextValue + ".");
                                }
                                if (!forSeller) {
                                    problems.add("Kontekst nie może wystawiać faktur sprzedawcy o NIP "
                                            + sellerNip + ".");
                                }
                                boolean offline = KsefCertificate.OFFLINE.equals(certificate.type);
                                return new Verification(problems.isEmpty(), serialNumber, status,
                                        new CertificateSubjectIdentifier(certificate.subjectType,
                                                certificate.subjectValue), context, sellerNip, invoiceHash,
                                        true, active && offline, signatureValid, permitted, forSeller,
                                        List.copyOf(problems));
                            }));
        });
    }

    /** The context is the seller, or holds the seller's authorization to issue its invoices. */
    private Uni<Boolean> mayIssueForSeller(String contextType, String contextValue, String sellerNip) {
        if (sellerNip.equals(ContextIdentifiers.nipOf(contextType, contextValue))) {
            return Uni.createFrom().item(true);
        }
        return grants.activeOfKind(Kind.Authorization, new Identifier(contextType, contextValue))
                .map(received -> received.stream().anyMatch(grant -> grant.context().is(CertificateSubject.NIP,
                        sellerNip) && ISSUING_FOR_SELLER.contains(grant.permission())));
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

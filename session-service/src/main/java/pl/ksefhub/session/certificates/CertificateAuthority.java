package pl.ksefhub.session.certificates;

import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.keys.CertificateFiles;
import pl.ksefhub.platform.keys.CertificateFiles.KeyAndCertificate;
import pl.ksefhub.platform.keys.KeysConfig;

import javax.security.auth.x500.X500Principal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;

/**
 * This installation's own certificate authority: the issuer of every KSeF certificate, and so the anchor that
 * {@code verifyCertificateChain} checks them against. Loaded from configured files, else generated on first start
 * and kept in {@code ksef.keys.dir} with the platform's other keys.
 */
@ApplicationScoped
public class CertificateAuthority {

    static final String BASE_NAME = "certificate-authority";
    private static final Logger LOG = Logger.getLogger(CertificateAuthority.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final CertificatesConfig config;
    private final KeysConfig keys;
    private volatile KeyAndCertificate authority;

    public CertificateAuthority(CertificatesConfig config, KeysConfig keys) {
        this.config = config;
        this.keys = keys;
    }

    /**
     * At start, not on the first request: a missing or unreadable CA is an operator's error to see at once. It does
     * not stop the service (its keys folder may be a read-only Secret without the CA's files): KSeF certificates are
     * then unavailable (500 on enrollment, no login with them) until the files are there; each use tries again.
     */
    void onStart(@Observes StartupEvent event) {
        try {
            authority();
        } catch (IllegalStateException e) {
            LOG.errorf(e, "KSeF certificate authority unavailable: KSeF certificates cannot be issued or used"
                    + " (ksef.session.certificates.authority-certificate/-key, or %s.crt.pem/.key.pem in %s)",
                    BASE_NAME, keys.dir());
        }
    }

    public X509Certificate certificate() {
        return authority().certificate();
    }

    /** The certificate of a request: the CSR's subject and key, the key usage of its type. */
    public X509Certificate issue(CertificateRequest request, BigInteger serialNumber, String type, Instant validFrom,
                                 Instant validTo) {
        X509Certificate ca = certificate();
        try {
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(ca.getSubjectX500Principal(),
                    serialNumber, Date.from(validFrom), Date.from(validTo),
                    new X500Principal(request.subject().getEncoded()), request.publicKey())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    // One type, one use (certyfikaty-KSeF.md): Digital Signature for logins, Non-Repudiation for
                    // the offline invoices' KOD II.
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KsefCertificate.OFFLINE.equals(type)
                            ? KeyUsage.nonRepudiation : KeyUsage.digitalSignature))
                    .addExtension(Extension.subjectKeyIdentifier, false,
                            extensions.createSubjectKeyIdentifier(request.publicKey()))
                    .addExtension(Extension.authorityKeyIdentifier, false,
                            extensions.createAuthorityKeyIdentifier(ca));
            String algorithm = "EC".equals(authority().privateKey().getAlgorithm())
                    ? "SHA256withECDSA" : "SHA256withRSA";
            return new JcaX509CertificateConverter().getCertificate(
                    builder.build(new JcaContentSignerBuilder(algorithm).build(authority().privateKey())));
        } catch (Exception e) {
            throw new IllegalStateException("cannot issue a KSeF certificate", e);
        }
    }

    /**
     * True when this CA signed the certificate (and so it is a KSeF certificate of ours, if we kept it); false while
     * the CA is unavailable, so that other XAdES logins go on.
     */
    public boolean issued(X509Certificate certificate) {
        X509Certificate ca;
        try {
            ca = certificate();
        } catch (IllegalStateException e) {
            LOG.debugf("KSeF certificate authority unavailable: %s", e.getMessage());
            return false;
        }
        if (!ca.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            PublicKey key = ca.getPublicKey();
            certificate.verify(key);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /**
     * A fresh serial number: 63 random bits (RFC 5280 wants them positive and unpredictable), shown as the spec's 16
     * upper-case hex digits.
     */
    public static BigInteger newSerialNumber() {
        long value = 0;
        while (value == 0) {
            value = RANDOM.nextLong() & Long.MAX_VALUE;
        }
        return BigInteger.valueOf(value);
    }

    /** The spec's form of a serial number: 16 upper-case hex digits. */
    public static String hex(BigInteger serialNumber) {
        return String.format("%016X", serialNumber);
    }

    private KeyAndCertificate authority() {
        KeyAndCertificate loaded = authority;
        if (loaded == null) {
            synchronized (this) {
                if (authority == null) {
                    authority = load();
                    LOG.infof("KSeF certificate authority: %s", authority.certificate().getSubjectX500Principal());
                }
                loaded = authority;
            }
        }
        return loaded;
    }

    private KeyAndCertificate load() {
        if (config.authorityCertificate().isPresent() && config.authorityKey().isPresent()) {
            try {
                return new KeyAndCertificate(
                        CertificateFiles.readPrivateKey(Path.of(config.authorityKey().get())),
                        CertificateFiles.readCertificate(Path.of(config.authorityCertificate().get())));
            } catch (Exception e) {
                throw new IllegalStateException("cannot read the KSeF certificate authority's files", e);
            }
        }
        return CertificateFiles.loadOrCreateAuthority(Path.of(keys.dir()), BASE_NAME,
                "ksef-hub KSeF Certificate Authority");
    }
}

package pl.ksefhub.session.certificates;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** The KSeF certificates this installation issues (certyfikaty-KSeF.md) and the CA that signs them. */
@ConfigMapping(prefix = "ksef.session.certificates")
public interface CertificatesConfig {

    /**
     * PEM file of the CA certificate; with {@link #authorityKey()} both set, the CA is loaded from them (an
     * operator's own CA, or one kept in a Kubernetes Secret). Unset: a CA is generated on first start in
     * {@code ksef.keys.dir} ({@code certificate-authority.crt.pem}, {@code certificate-authority.key.pem}) and kept.
     */
    Optional<String> authorityCertificate();

    /** PEM file (PKCS#8 or a PEM key pair) of the CA's private key; see {@link #authorityCertificate()}. */
    Optional<String> authorityKey();

    /** How long an issued certificate is valid from its {@code validFrom}. */
    @WithDefault("P730D")
    Duration validity();

    /**
     * Further QR base URLs whose KOD II links this installation verifies (e.g. {@code https://qr.example.com} behind
     * a proxy that rewrites host or path): the signed text is the base without {@code https://} followed by
     * {@code /certificate/...}. The link as it reached us is always tried.
     */
    Optional<List<String>> qrBaseUrls();

    /** How long the status of a certificate request can be read ("Status wniosku jest dostępny przez 30 dni"). */
    @WithDefault("P30D")
    Duration enrollmentRetention();
}

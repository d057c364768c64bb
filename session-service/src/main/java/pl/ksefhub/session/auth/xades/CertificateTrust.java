package pl.ksefhub.session.auth.xades;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathValidator;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.PKIXParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.Date;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Whether a signing certificate chains to one of the configured trust anchors ({@code ksef.session.xades}). */
@ApplicationScoped
public class CertificateTrust {

    private static final Logger LOG = Logger.getLogger(CertificateTrust.class);

    private final Set<TrustAnchor> anchors;

    public CertificateTrust(XadesSettings settings) {
        this.anchors = load(settings.trustAnchors().orElse(List.of()));
    }

    /**
     * PKIX path validation of the certificate alone to an anchor. Revocation (OCSP/CRL) is not checked: this
     * installation has no access to the qualified providers' services.
     */
    public boolean isTrusted(X509Certificate certificate, Date at) {
        if (anchors.isEmpty()) {
            return false;
        }
        try {
            PKIXParameters parameters = new PKIXParameters(anchors);
            parameters.setRevocationEnabled(false);
            parameters.setDate(at);
            CertificateFactory factory = CertificateFactory.getInstance("X.509");
            CertPathValidator.getInstance("PKIX")
                    .validate(factory.generateCertPath(List.of(certificate)), parameters);
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Set<TrustAnchor> load(List<String> files) {
        Set<TrustAnchor> loaded = new HashSet<>();
        for (String file : files) {
            try (InputStream in = Files.newInputStream(Path.of(file.trim()))) {
                CertificateFactory.getInstance("X.509").generateCertificates(in)
                        .forEach(c -> loaded.add(new TrustAnchor((X509Certificate) c, null)));
            } catch (IOException | CertificateException e) {
                throw new IllegalStateException("cannot read the XAdES trust anchor " + file, e);
            }
        }
        LOG.infof("XAdES trust anchors: %d certificate(s)", loaded.size());
        return loaded;
    }
}

package pl.ksefhub.session.auth.xades;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * XAdES authentication outside test mode ({@code ksef.session.test-mode}, which {@link XadesAuthenticationService}
 * reads).
 */
@ConfigMapping(prefix = "ksef.session.xades")
public interface XadesSettings {

    /**
     * PEM files of the CA certificates a signing certificate must chain to when chains are verified (always outside
     * test mode; in test mode when the request asks with {@code verifyCertificateChain=true}). None: no chain is
     * trusted.
     */
    Optional<List<String>> trustAnchors();
}

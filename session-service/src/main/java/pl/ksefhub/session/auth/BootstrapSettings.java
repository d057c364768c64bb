package pl.ksefhub.session.auth;

import io.smallrye.config.ConfigMapping;

import java.util.List;
import java.util.Optional;

/**
 * KSeF tokens known from the first start, so that a fresh installation can be used before any XAdES login exists
 * to generate tokens with.
 */
@ConfigMapping(prefix = "ksef.bootstrap")
public interface BootstrapSettings {

    /**
     * Comma-separated {@code NIP:token} entries (env {@code KSEF_BOOTSTRAP_TOKENS}). Each becomes an active KSeF token
     * of that NIP context with every permission. The token is everything after the first colon.
     */
    Optional<List<String>> tokens();
}

package pl.ksefhub.upo;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.time.Duration;
import java.util.Optional;

/** upo-service settings ({@code ksef.upo.*}). */
@ConfigMapping(prefix = "ksef.upo")
public interface UpoConfig {

    /**
     * Folder of the UPO signing key and certificate ({@code upo-signing.key.pem}, {@code upo-signing.crt.pem}) and,
     * when {@link #downloadSecret()} is not set, of the generated download secret. Env {@code KSEF_UPO_KEYS_DIR}.
     * Development keys are created on first start; production mounts its own.
     */
    @WithDefault(".ksef-data/upo-keys")
    String keysDir();

    /**
     * The HMAC-SHA256 secret of anonymous download URLs; every replica needs the same one. When absent, one is
     * generated once and kept in {@link #keysDir()}.
     */
    Optional<String> downloadSecret();

    /** How long an anonymous download URL stays valid (KSeF: a few days). */
    @WithDefault("P3D")
    Duration downloadUrlValidity();

    /** Documents per session UPO page; the schema allows at most 10,000, which is what KSeF uses. */
    @WithDefault("10000")
    int pageSize();

    /**
     * How long a request for a UPO that does not exist yet waits for it before answering "not found": a client may
     * ask the very moment invoice-service reports the invoice accepted, before this service has built its UPO.
     */
    @WithDefault("3s")
    Duration notFoundWait();
}

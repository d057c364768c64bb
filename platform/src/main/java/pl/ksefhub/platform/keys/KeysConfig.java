package pl.ksefhub.platform.keys;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Where the platform's encryption key pairs live. */
@ConfigMapping(prefix = "ksef.keys")
public interface KeysConfig {

    /**
     * Folder holding {@code <usage>.crt.pem} and {@code <usage>.key.pem} (PKCS#8) for each {@link KeyUsage}. Missing
     * pairs are generated on first start (RSA-2048, self-signed, two years). In Kubernetes mount a Secret here.
     * session-service and invoice-service must see the same folder.
     */
    @WithDefault(".ksef-data/keys")
    String dir();
}

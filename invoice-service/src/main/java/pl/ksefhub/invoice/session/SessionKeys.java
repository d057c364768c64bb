package pl.ksefhub.invoice.session;

import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;

import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The sessions' AES keys, unwrapped (RSA-OAEP, an expensive private-key operation) once per session and kept in
 * memory only: the database holds them wrapped, and neither a key nor its bytes are ever logged.
 */
@ApplicationScoped
public class SessionKeys {

    private static final Logger LOG = Logger.getLogger(SessionKeys.class);
    private static final int AES_256_KEY_BYTES = 32;

    private final PlatformKeys platformKeys;
    private final Map<String, Optional<SecretKey>> unwrapped;

    public SessionKeys(PlatformKeys platformKeys, InvoiceConfig config) {
        this.platformKeys = platformKeys;
        int capacity = config.intake().keyCacheSize();
        this.unwrapped = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Optional<SecretKey>> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The session's AES-256 key, or empty when the wrapped key does not unwrap with the platform's
     * SymmetricKeyEncryption key (its invoices then cannot be decrypted). Blocking: call it off the event loop.
     */
    public Optional<SecretKey> aesKey(InvoicingSession session) {
        Optional<SecretKey> key = unwrapped.get(session.referenceNumber);
        if (key == null) {
            key = unwrap(session);
            unwrapped.put(session.referenceNumber, key);
        }
        return key;
    }

    /** A closed session takes no more invoices: its key can go. */
    public void forget(String sessionReferenceNumber) {
        unwrapped.remove(sessionReferenceNumber);
    }

    private Optional<SecretKey> unwrap(InvoicingSession session) {
        try {
            byte[] raw = platformKeys.unwrap(KeyUsage.SymmetricKeyEncryption,
                    Base64.getDecoder().decode(session.encryptedSymmetricKey));
            if (raw.length != AES_256_KEY_BYTES) {
                LOG.warnf("Session %s: the unwrapped key is not an AES-256 key", session.referenceNumber);
                return Optional.empty();
            }
            return Optional.of(new SecretKeySpec(raw, "AES"));
        } catch (Exception e) {
            LOG.warnf("Session %s: the symmetric key does not unwrap (%s)", session.referenceNumber,
                    e.getClass().getSimpleName());
            return Optional.empty();
        }
    }
}

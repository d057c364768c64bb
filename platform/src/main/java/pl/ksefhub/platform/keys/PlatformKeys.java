package pl.ksefhub.platform.keys;

import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.error.KsefException;

import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.security.spec.MGF1ParameterSpec;
import java.util.Base64;
import java.util.EnumMap;
import java.util.Map;

/**
 * The key pairs behind {@code GET /security/public-key-certificates}: one for KSeF tokens, one for the symmetric
 * keys of sessions. Clients wrap with RSA-OAEP (SHA-256, MGF1-SHA-256, empty label); this class unwraps.
 */
@ApplicationScoped
public class PlatformKeys {

    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private final Map<KeyUsage, CertificateFiles.KeyAndCertificate> pairs = new EnumMap<>(KeyUsage.class);
    private final KeysConfig config;

    public PlatformKeys(KeysConfig config) {
        this.config = config;
    }

    private synchronized CertificateFiles.KeyAndCertificate pair(KeyUsage usage) {
        return pairs.computeIfAbsent(usage, u -> CertificateFiles.loadOrCreate(Path.of(config.dir()), u.fileName(),
                "ksef-hub " + u.name()));
    }

    /**
     * Loads (or, where the folder is writable, creates) every pair now: a service whose key folder is read-only and
     * lacks a pair fails at start with a message naming the files ({@link KeysAtStartup}), not at the first request.
     */
    public void loadAll() {
        for (KeyUsage usage : KeyUsage.values()) {
            pair(usage);
        }
    }

    public X509Certificate certificate(KeyUsage usage) {
        return pair(usage).certificate();
    }

    /** Base64 of the SHA-256 of the SubjectPublicKeyInfo DER: the spec's {@code publicKeyId}. */
    public String publicKeyId(KeyUsage usage) {
        return sha256Base64(certificate(usage).getPublicKey().getEncoded());
    }

    /**
     * 21470 for a {@code publicKeyId} that names no key of this usage (the selector of KSeF 2.5.0 on every request
     * that a client encrypts with our public key); none given is fine.
     */
    public void requireKnownPublicKey(KeyUsage usage, String publicKeyId) {
        if (publicKeyId != null && !publicKeyId.equals(publicKeyId(usage))) {
            throw KsefException.badRequest(21470,
                    "Przesłany identyfikator klucza jest nieznany lub wskazuje na wycofany klucz.",
                    "Klucz o identyfikatorze %s nie jest wspierany.".formatted(publicKeyId));
        }
    }

    /** Base64 of the SHA-256 of the certificate DER: the spec's {@code certificateId}. */
    public String certificateId(KeyUsage usage) {
        try {
            return sha256Base64(certificate(usage).getEncoded());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * RSA-OAEP-SHA-256 decryption with the usage's private key.
     *
     * @throws GeneralSecurityException when the data was not wrapped with this key
     */
    public byte[] unwrap(KeyUsage usage, byte[] wrapped) throws GeneralSecurityException {
        Cipher cipher = Cipher.getInstance("RSA/ECB/OAEPPadding");
        cipher.init(Cipher.DECRYPT_MODE, pair(usage).privateKey(), OAEP_SHA256);
        return cipher.doFinal(wrapped);
    }

    private static String sha256Base64(byte[] data) {
        try {
            return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

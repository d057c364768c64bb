package pl.ksefhub.session.security;

import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.keys.CertificateFiles;
import pl.ksefhub.platform.keys.KeysConfig;
import pl.ksefhub.session.auth.AuthSettings;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.PrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.util.Base64;
import java.util.Map;

/**
 * The RS256 key pair that signs every bearer token session-service issues. Its public half is registered with
 * platform's verifier at startup (session-service checks its own tokens without an HTTP round trip) and published
 * as a JWKS for the other services.
 */
@Startup
@ApplicationScoped
public class TokenSigningKey {

    static final String BASE_NAME = "token-signing";

    private final String keyId;
    private final PrivateKey privateKey;
    private final RSAPublicKey publicKey;

    public TokenSigningKey(AuthSettings settings, KeysConfig keys, AccessTokenVerifier verifier) {
        Path dir = Path.of(settings.signingKeyDir().orElse(keys.dir()));
        CertificateFiles.KeyAndCertificate pair = CertificateFiles.loadOrCreate(dir, BASE_NAME,
                "ksef-hub token signing");
        this.privateKey = pair.privateKey();
        this.publicKey = (RSAPublicKey) pair.certificate().getPublicKey();
        this.keyId = thumbprint(publicKey);
        verifier.registerKey(keyId, publicKey);
    }

    /** The {@code kid}: base64url SHA-256 of the SubjectPublicKeyInfo, so a new key pair gets a new id by itself. */
    private static String thumbprint(RSAPublicKey key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    public String keyId() {
        return keyId;
    }

    public PrivateKey privateKey() {
        return privateKey;
    }

    public Map<String, RSAPublicKey> publicKeys() {
        return Map.of(keyId, publicKey);
    }
}

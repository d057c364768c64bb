package pl.ksefhub.session.availability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import pl.ksefhub.platform.error.AuthenticationRequiredException;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** Operators prove themselves with the configured key in {@code X-Operator-Key}. */
@ApplicationScoped
public class OperatorAccess {

    public static final String KEY_HEADER = "X-Operator-Key";

    private final AvailabilityConfig config;

    public OperatorAccess(AvailabilityConfig config) {
        this.config = config;
    }

    /** 403 while no key is configured, 401 for a missing or wrong one. */
    void require(String presented) {
        String expected = config.operatorKey().filter(key -> !key.isBlank())
                .orElseThrow(() -> new WebApplicationException(
                        "The operator endpoints are disabled: ksef.availability.operator-key is not set.", 403));
        // Digests of equal length, compared in constant time: the key's length and prefix stay secret.
        if (presented == null || !MessageDigest.isEqual(sha256(expected), sha256(presented))) {
            throw new AuthenticationRequiredException("missing or wrong " + KEY_HEADER);
        }
    }

    private static byte[] sha256(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

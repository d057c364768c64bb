package pl.ksefhub.platform.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * What is kept or announced instead of a secret (a KSeF token, a part upload URL's secret): hex SHA-256 of its
 * UTF-8 bytes. One function, because one service hashes what another compares (session-service's
 * {@code ksef.token.activated} and {@code session.opened} against recurring-service's and invoice-service's checks).
 */
public final class SecretHashes {

    private SecretHashes() {
    }

    public static String sha256Hex(String secret) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

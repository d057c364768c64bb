package pl.ksefhub.platform.auth;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compact JWS with RS256, written out rather than pulled in as a library: KSeF tokens are plain JWTs and this is the
 * whole of what issuing and verifying them needs.
 */
public final class JwtCodec {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder B64URL = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder B64URL_DECODER = Base64.getUrlDecoder();

    private JwtCodec() {
    }

    public static String sign(Map<String, Object> claims, String keyId, PrivateKey key) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("alg", "RS256");
        header.put("typ", "JWT");
        header.put("kid", keyId);
        try {
            String signingInput = B64URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + B64URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initSign(key);
            rs256.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + B64URL.encodeToString(rs256.sign());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot sign a token", e);
        }
    }

    /**
     * Verifies the RS256 signature with the key the resolver finds for the header's {@code kid} and returns the
     * claims. Expiry is the caller's business.
     *
     * @throws InvalidTokenException for anything that is not a well-formed token signed by a known key
     */
    public static Map<String, Object> verify(String token, Function<String, PublicKey> keyResolver) {
        String[] parts = token.split("\\.", -1);
        if (parts.length != 3) {
            throw new InvalidTokenException("not a compact JWS");
        }
        try {
            Map<String, Object> header = JSON.readValue(B64URL_DECODER.decode(parts[0]), new TypeReference<>() {
            });
            if (!"RS256".equals(header.get("alg"))) {
                throw new InvalidTokenException("unsupported alg " + header.get("alg"));
            }
            PublicKey key = keyResolver.apply(String.valueOf(header.get("kid")));
            if (key == null) {
                throw new InvalidTokenException("unknown key " + header.get("kid"));
            }
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            if (!rs256.verify(B64URL_DECODER.decode(parts[2]))) {
                throw new InvalidTokenException("bad signature");
            }
            return JSON.readValue(B64URL_DECODER.decode(parts[1]), new TypeReference<>() {
            });
        } catch (InvalidTokenException e) {
            throw e;
        } catch (IllegalArgumentException | java.io.IOException | GeneralSecurityException e) {
            throw new InvalidTokenException("malformed token: " + e.getMessage());
        }
    }

    public static class InvalidTokenException extends RuntimeException {
        public InvalidTokenException(String message) {
            super(message);
        }
    }
}

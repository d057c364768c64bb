package pl.ksefhub.platform.auth;

import java.math.BigInteger;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** JSON Web Key Set for RSA public keys (RFC 7517): what session-service publishes and the others read. */
public final class Jwks {

    private Jwks() {
    }

    public static Map<String, Object> toJson(Map<String, RSAPublicKey> keysById) {
        List<Map<String, Object>> keys = keysById.entrySet().stream().map(entry -> {
            Map<String, Object> jwk = new LinkedHashMap<>();
            jwk.put("kty", "RSA");
            jwk.put("use", "sig");
            jwk.put("alg", "RS256");
            jwk.put("kid", entry.getKey());
            jwk.put("n", unsigned(entry.getValue().getModulus()));
            jwk.put("e", unsigned(entry.getValue().getPublicExponent()));
            return jwk;
        }).toList();
        return Map.of("keys", keys);
    }

    @SuppressWarnings("unchecked")
    public static Map<String, PublicKey> fromJson(Map<String, Object> jwks) {
        Map<String, PublicKey> result = new HashMap<>();
        for (Map<String, Object> jwk : (List<Map<String, Object>>) jwks.getOrDefault("keys", List.of())) {
            if (!"RSA".equals(jwk.get("kty"))) {
                continue;
            }
            try {
                BigInteger n = new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("n")));
                BigInteger e = new BigInteger(1, Base64.getUrlDecoder().decode((String) jwk.get("e")));
                result.put((String) jwk.get("kid"),
                        KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e)));
            } catch (Exception ex) {
                throw new IllegalArgumentException("Bad JWK " + jwk.get("kid"), ex);
            }
        }
        return result;
    }

    private static String unsigned(BigInteger value) {
        byte[] bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = java.util.Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}

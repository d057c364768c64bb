package pl.ksefhub.testsupport;

import com.fasterxml.jackson.databind.ObjectMapper;
import pl.ksefhub.platform.auth.Jwks;
import pl.ksefhub.platform.auth.JwtCodec;
import pl.ksefhub.platform.auth.TokenType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.interfaces.RSAPublicKey;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Bearer tokens for tests of services other than session-service: signed with a key of the test JVM whose JWKS is
 * written to a file the service reads ({@code ksef.auth.jwks-url=file:...}).
 */
public final class TestTokens {

    public static final String KEY_ID = "test-key";
    public static final List<String> ALL_PERMISSIONS = List.of("Owner", "InvoiceWrite", "InvoiceRead",
            "Introspection", "CredentialsManage", "CredentialsRead", "SubunitManage", "EnforcementOperations",
            "PefInvoiceWrite", "VatUeManage");

    private static KeyPair keyPair;
    private static Path jwksFile;

    private TestTokens() {
    }

    private static synchronized KeyPair keyPair() {
        if (keyPair == null) {
            try {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
                generator.initialize(2048);
                keyPair = generator.generateKeyPair();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return keyPair;
    }

    /** A {@code file:} URL of a JWKS with the test key. */
    public static synchronized String jwksUrl() {
        if (jwksFile == null) {
            try {
                jwksFile = TestInfrastructure.workDir().resolve("jwks.json");
                Files.writeString(jwksFile, new ObjectMapper().writeValueAsString(
                        Jwks.toJson(Map.of(KEY_ID, (RSAPublicKey) keyPair().getPublic()))));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return jwksFile.toUri().toString();
    }

    /** An access token in the NIP context with every permission. */
    public static String accessToken(String nip) {
        return accessToken(nip, ALL_PERMISSIONS.toArray(String[]::new));
    }

    /** An access token in the NIP context with exactly these permissions. */
    public static String accessToken(String nip, String... permissions) {
        return token(TokenType.ContextToken, nip, randomAuthReference(), permissions);
    }

    /**
     * An access token of the given authentication session ({@code arn}) in the NIP context with every permission:
     * for tests of what a revocation of that session does. (Not an {@code accessToken} overload: a call with one
     * permission would bind to it.)
     */
    public static String accessTokenOfSession(String nip, String authReference) {
        return token(TokenType.ContextToken, nip, authReference, ALL_PERMISSIONS.toArray(String[]::new));
    }

    /** A fresh authentication reference number (AU) in the KSeF format, unknown to any service. */
    public static String randomAuthReference() {
        return "20250101-AU-0000000000-" + randomHex() + "-00";
    }

    public static String token(TokenType type, String nip, String authReference, String... permissions) {
        Map<String, Object> claims = new LinkedHashMap<>();
        Instant now = Instant.now();
        claims.put("iss", "ksef-hub");
        claims.put("aud", "ksef-hub");
        claims.put("typ", type.name());
        claims.put("jti", UUID.randomUUID().toString());
        claims.put("arn", authReference);
        claims.put("cit", "Nip");
        claims.put("civ", nip);
        claims.put("sub", nip);
        claims.put("aum", "Token");
        claims.put("ktr", "20250101-EC-0000000000-0000000000-00");
        claims.put("per", List.of(permissions));
        claims.put("iat", now.getEpochSecond());
        claims.put("exp", now.plusSeconds(900).getEpochSecond());
        return JwtCodec.sign(claims, KEY_ID, keyPair().getPrivate());
    }

    private static String randomHex() {
        return String.format("%010X", (long) (Math.random() * 0xFF_FFFF_FFFFL));
    }
}

package pl.ksefhub.platform.paging;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.keys.DerivedSecrets;
import pl.ksefhub.platform.keys.KeysConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Opaque {@code x-continuation-token}s of every list that pages with one: where the next page starts, bound to the
 * query it continues (its scope: context, filters, page size, list) and signed with HMAC-SHA-256, so that a token
 * edited by a client or issued for another query is refused with 21418 instead of silently paging something else.
 * The key is derived from the SymmetricKeyEncryption private key, which every replica shares, so any replica
 * continues a token another one issued.
 */
@ApplicationScoped
public class ContinuationTokens {

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String VERSION = "v1";

    private final byte[] secret;

    @Inject
    public ContinuationTokens(KeysConfig keys) {
        this(DerivedSecrets.of(keys, "continuation tokens"));
    }

    public ContinuationTokens(byte[] secret) {
        this.secret = secret.clone();
    }

    /** A token continuing the query of {@code scope} at {@code position} (an offset, an ordinal: the list's own). */
    public String issue(String scope, String position) {
        byte[] body = (VERSION + "|" + position).getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(body) + "." + ENCODER.encodeToString(mac(body, scope));
    }

    /**
     * @return the position the token holds
     * @throws KsefException 21418 for a token that we did not issue for this scope
     */
    public String read(String token, String scope) {
        try {
            String trimmed = token.trim();
            int dot = trimmed.indexOf('.');
            byte[] body = DECODER.decode(trimmed.substring(0, dot));
            byte[] signature = DECODER.decode(trimmed.substring(dot + 1));
            String text = new String(body, StandardCharsets.UTF_8);
            if (MessageDigest.isEqual(mac(body, scope), signature) && text.startsWith(VERSION + "|")) {
                return text.substring(VERSION.length() + 1);
            }
        } catch (RuntimeException e) {
            // refused below: not Base64, no dot, ...
        }
        throw malformed();
    }

    /** A token for the next page of an offset-paged list. */
    public String nextOffset(int offset, String scope) {
        return issue(scope, Integer.toString(offset));
    }

    /** The offset a token holds; 0 for none (the first page). @throws KsefException 21418 */
    public int offset(String token, String scope) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            int offset = Integer.parseInt(read(token, scope));
            if (offset >= 0) {
                return offset;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw malformed();
    }

    private byte[] mac(byte[] body, String scope) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            mac.update(scope.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KsefException malformed() {
        return KsefException.badRequest(21418, "Przekazany token kontynuacji ma nieprawidłowy format.");
    }
}

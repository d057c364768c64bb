package pl.ksefhub.invoice.query;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.support.DerivedSecrets;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.keys.KeysConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;

/**
 * Continuation tokens of the session invoice lists: where the previous page ended, for which session and list,
 * signed (HMAC-SHA-256) so that a token edited by a client is refused with 21418 instead of being trusted.
 */
@ApplicationScoped
public class ContinuationTokens {

    /** Where a page continues. */
    public record Position(String sessionReferenceNumber, boolean failedOnly, int afterOrdinal) {
    }

    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();
    private static final String VERSION = "v1";

    private final byte[] secret;

    @Inject
    public ContinuationTokens(InvoiceConfig config, KeysConfig keys) {
        this.secret = config.queries().continuationSecret()
                .map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> DerivedSecrets.of(keys, "invoice-service continuation tokens"));
    }

    ContinuationTokens(byte[] secret) {
        this.secret = secret.clone();
    }

    public String issue(Position position) {
        String body = VERSION + "|" + position.sessionReferenceNumber() + "|" + (position.failedOnly() ? "F" : "A")
                + "|" + position.afterOrdinal();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return ENCODER.encodeToString(bytes) + "." + ENCODER.encodeToString(mac(bytes));
    }

    /** @throws KsefException 21418 for a token that we did not issue for this list */
    public Position read(String token, String sessionReferenceNumber, boolean failedOnly) {
        try {
            int dot = token.indexOf('.');
            byte[] body = DECODER.decode(token.substring(0, dot));
            byte[] signature = DECODER.decode(token.substring(dot + 1));
            if (!MessageDigest.isEqual(mac(body), signature)) {
                throw malformed();
            }
            String[] parts = new String(body, StandardCharsets.UTF_8).split("\\|");
            Position position = new Position(parts[1], "F".equals(parts[2]), Integer.parseInt(parts[3]));
            if (!VERSION.equals(parts[0]) || !position.sessionReferenceNumber().equals(sessionReferenceNumber)
                    || position.failedOnly() != failedOnly || position.afterOrdinal() < 0) {
                throw malformed();
            }
            return position;
        } catch (KsefException e) {
            throw e;
        } catch (RuntimeException e) {
            throw malformed();
        }
    }

    private byte[] mac(byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static KsefException malformed() {
        return KsefException.badRequest(21418, "Przekazany token kontynuacji ma nieprawidłowy format.");
    }
}

package pl.ksefhub.invoice.exports;

import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.platform.keys.DerivedSecrets;
import pl.ksefhub.platform.keys.KeysConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;

/**
 * The anonymous, expiring part download URLs ("nie wymaga przesyłania tokenu dostępowego"): the export, part and
 * expiry signed with HMAC-SHA-256 under a secret every replica derives alike, so nothing is stored per URL.
 */
@ApplicationScoped
public class ExportUrls {

    static final String PATH = "/v2/invoices/exports/%s/parts/%d";

    private final byte[] secret;
    private final String base;

    public ExportUrls(InvoiceConfig config, KeysConfig keys) {
        this.secret = DerivedSecrets.of(keys, "invoice-service export download urls");
        String configured = config.exports().publicBaseUrl();
        this.base = configured.endsWith("/") ? configured.substring(0, configured.length() - 1) : configured;
    }

    String url(String exportReference, int ordinalNumber, Instant expires) {
        return base + String.format(PATH, exportReference, ordinalNumber) + "?expires=" + expires.getEpochSecond()
                + "&signature=" + signature(exportReference, ordinalNumber, expires.getEpochSecond());
    }

    /** True for a signature this service made for that part and expiry, while it has not expired. */
    boolean isValid(String exportReference, int ordinalNumber, long expires, String signature, Instant now) {
        if (signature == null || now.getEpochSecond() > expires) {
            return false;
        }
        byte[] expected = signature(exportReference, ordinalNumber, expires).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, signature.getBytes(StandardCharsets.US_ASCII));
    }

    private String signature(String exportReference, int ordinalNumber, long expires) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] digest = mac.doFinal((exportReference + "|" + ordinalNumber + "|" + expires)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}

package pl.ksefhub.upo.retrieval;

import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import pl.ksefhub.upo.UpoConfig;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.Base64;

/**
 * Anonymous, expiring UPO download URLs ({@code upo.pages[].downloadUrl}): the URL carries its expiry and an
 * HMAC-SHA256 over the UPO reference number and that expiry, so any replica can check it without state.
 */
@ApplicationScoped
public class DownloadLinks {

    public static final String PATH = "/storage/upo/";
    static final String SECRET_FILE = "download-secret";

    private final byte[] secret;
    private final String baseUrl;
    private final UpoConfig config;

    public DownloadLinks(UpoConfig config,
                         @ConfigProperty(name = "ksef.public-base-url", defaultValue = "http://localhost:8080")
                         String publicBaseUrl) {
        this.config = config;
        this.baseUrl = publicBaseUrl.replaceAll("/+$", "");
        this.secret = config.downloadSecret().map(s -> s.getBytes(StandardCharsets.UTF_8))
                .orElseGet(() -> loadOrCreateSecret(Path.of(config.keysDir())));
    }

    /** A URL valid for the configured time from now. */
    public DownloadLink create(String upoReferenceNumber, Instant now) {
        Instant expires = now.plus(config.downloadUrlValidity()).truncatedTo(ChronoUnit.SECONDS);
        long epoch = expires.getEpochSecond();
        String url = baseUrl + PATH + upoReferenceNumber + "?expires=" + epoch + "&sig="
                + signature(upoReferenceNumber, epoch);
        return new DownloadLink(url, OffsetDateTime.ofInstant(expires, ZoneOffset.UTC));
    }

    public Verdict verify(String upoReferenceNumber, String expires, String sig, Instant now) {
        if (expires == null || sig == null) {
            return Verdict.INVALID;
        }
        long epoch;
        try {
            epoch = Long.parseLong(expires);
        } catch (NumberFormatException e) {
            return Verdict.INVALID;
        }
        byte[] expected = signature(upoReferenceNumber, epoch).getBytes(StandardCharsets.US_ASCII);
        if (!MessageDigest.isEqual(expected, sig.getBytes(StandardCharsets.US_ASCII))) {
            return Verdict.INVALID;
        }
        return now.getEpochSecond() > epoch ? Verdict.EXPIRED : Verdict.VALID;
    }

    String signature(String upoReferenceNumber, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            byte[] tag = mac.doFinal((upoReferenceNumber + "\n" + expiresEpochSecond)
                    .getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(tag);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Created once; several replicas starting together all end up reading the file that won the race. */
    private static byte[] loadOrCreateSecret(Path dir) {
        Path file = dir.resolve(SECRET_FILE);
        try {
            if (!Files.exists(file)) {
                Files.createDirectories(dir);
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                Path tmp = Files.createTempFile(dir, SECRET_FILE, ".tmp");
                Files.writeString(tmp, Base64.getEncoder().encodeToString(random));
                try {
                    // A hard link fails atomically when the name exists: the first writer wins, nobody overwrites.
                    Files.createLink(file, tmp);
                } catch (FileAlreadyExistsException e) {
                    // another replica was first: use its secret
                } finally {
                    Files.deleteIfExists(tmp);
                }
            }
            return Files.readString(file).trim().getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot load or create the UPO download secret in " + dir, e);
        }
    }

    public record DownloadLink(String url, OffsetDateTime expiresAt) {
    }

    public enum Verdict { VALID, EXPIRED, INVALID }
}

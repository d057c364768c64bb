package pl.ksefhub.session.batch;

import pl.ksefhub.platform.auth.SecretHashes;
import jakarta.enterprise.context.ApplicationScoped;

import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * Part upload URLs that carry their own credential, as KSeF's (Azure SAS) ones do: a random secret per part in
 * the URL; invoice-service learns only its SHA-256 (in session.opened) and the window's end, so no key is shared
 * between the services and a leaked event cannot be turned into an upload.
 */
@ApplicationScoped
public class PartUploadLinks {

    /** The header KSeF's part upload requests name (its store is Azure Blob); harmless for ours. */
    static final Map<String, String> HEADERS = Map.of("x-ms-blob-type", "BlockBlob");
    private static final SecureRandom RANDOM = new SecureRandom();

    private final String baseUrl;

    public PartUploadLinks(BatchSessionConfig config) {
        this.baseUrl = config.publicBaseUrl().replaceAll("/+$", "");
    }

    public record Link(String url, String tokenHash) {
    }

    public Link create(String sessionReferenceNumber, int ordinalNumber) {
        byte[] secret = new byte[32];
        RANDOM.nextBytes(secret);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
        String url = baseUrl + "/v2/sessions/batch/" + sessionReferenceNumber + "/parts/" + ordinalNumber
                + "?token=" + token;
        return new Link(url, SecretHashes.sha256Hex(token));
    }
}

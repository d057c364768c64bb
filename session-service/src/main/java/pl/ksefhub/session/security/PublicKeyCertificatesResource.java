package pl.ksefhub.session.security;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.keys.KeyUsage;
import pl.ksefhub.platform.keys.PlatformKeys;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

import java.security.cert.CertificateEncodingException;
import java.security.cert.X509Certificate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * {@code GET /security/public-key-certificates} (public): the certificates clients encrypt KSeF tokens and session
 * keys with. Both official SDKs download them from the server they talk to, so our own key pairs work unchanged.
 */
@Path("/v2/security/public-key-certificates")
public class PublicKeyCertificatesResource {

    private final PlatformKeys keys;

    public PublicKeyCertificatesResource(PlatformKeys keys) {
        this.keys = keys;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.PUBLIC)
    public List<PublicKeyCertificate> certificates() {
        return Arrays.stream(KeyUsage.values()).map(this::describe).toList();
    }

    private PublicKeyCertificate describe(KeyUsage usage) {
        X509Certificate certificate = keys.certificate(usage);
        try {
            return new PublicKeyCertificate(Base64.getEncoder().encodeToString(certificate.getEncoded()),
                    keys.certificateId(usage), keys.publicKeyId(usage),
                    OffsetDateTime.ofInstant(certificate.getNotBefore().toInstant(), ZoneOffset.UTC),
                    OffsetDateTime.ofInstant(certificate.getNotAfter().toInstant(), ZoneOffset.UTC),
                    List.of(usage.name()));
        } catch (CertificateEncodingException e) {
            throw new IllegalStateException("Cannot encode the " + usage + " certificate", e);
        }
    }

    /** {@code PublicKeyCertificate} of the spec. */
    public record PublicKeyCertificate(String certificate, String certificateId, String publicKeyId,
                                       OffsetDateTime validFrom, OffsetDateTime validTo, List<String> usage) {
    }
}

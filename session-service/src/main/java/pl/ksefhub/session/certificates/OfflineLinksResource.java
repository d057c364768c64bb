package pl.ksefhub.session.certificates;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

import java.util.ArrayList;
import java.util.List;

/**
 * The public verification of KOD II links (ksef-hub's own, the counterpart of the Ministry's
 * {@code qr.ksef.mf.gov.pl/certificate/...}): a client sets its QR base URL to {@code <our base>/v2/qr}. Anyone
 * may call it, as anyone may scan the code on an invoice; it answers what verified as a page in the Ministry's
 * words or, when asked for {@code application/json}, as JSON.
 */
@Path("/v2/qr/certificate")
@Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
public class OfflineLinksResource {

    private static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";

    private final OfflineCertificateLinks links;
    private final CertificatesConfig config;

    public OfflineLinksResource(OfflineCertificateLinks links, CertificatesConfig config) {
        this.links = links;
        this.config = config;
    }

    @GET
    @Path("{contextType}/{contextValue}/{sellerNip}/{serial}/{invoiceHash}/{signature}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> verify(@PathParam("contextType") String contextType,
                                    @PathParam("contextValue") String contextValue,
                                    @PathParam("sellerNip") String sellerNip,
                                    @PathParam("serial") String serial,
                                    @PathParam("invoiceHash") String invoiceHash,
                                    @PathParam("signature") String signature,
                                    @HeaderParam(HttpHeaders.HOST) String host,
                                    @HeaderParam(FORWARDED_PREFIX) String prefix,
                                    @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                    @Context UriInfo uri) {
        String tail = "/certificate/%s/%s/%s/%s/%s".formatted(contextType, contextValue, sellerNip, serial,
                invoiceHash);
        List<String> signedTexts = new ArrayList<>();
        String path = uri.getPath();
        String linkPath = path.substring(0, path.lastIndexOf('/'));
        String authority = uri.getRequestUri().getRawAuthority();
        for (String name : host == null ? List.of(authority) : List.of(host, authority)) {
            signedTexts.add(name + (prefix == null ? "" : prefix) + linkPath);
            signedTexts.add(name + linkPath);
        }
        // A client of the official SDK strips only "https://" from its QR base before signing.
        List.copyOf(signedTexts).forEach(text -> signedTexts.add("http://" + text));
        config.qrBaseUrls().orElse(List.of()).forEach(base -> signedTexts.add(
                base.trim().replaceFirst("^https://", "").replaceAll("/+$", "") + tail));
        return links.verify(contextType, contextValue, sellerNip, serial, invoiceHash, signature, signedTexts)
                .map(verification -> verification.page().respond(accept, verification));
    }
}

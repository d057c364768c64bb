package pl.ksefhub.invoice.exports;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.invoice.exports.ExportApi.InvoiceExportRequest;
import pl.ksefhub.invoice.exports.ExportApi.InvoiceExportStatusResponse;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

import java.nio.file.Files;
import java.time.Instant;

/** Eksport faktur: start, status, and the anonymous download of the encrypted parts. */
@Path("/v2/invoices/exports")
public class InvoiceExportResource {

    private final KsefAuth auth;
    private final InvoiceExports exports;
    private final ExportUrls urls;
    private final PackageWriter packages;

    public InvoiceExportResource(KsefAuth auth, InvoiceExports exports, ExportUrls urls, PackageWriter packages) {
        this.auth = auth;
        this.exports = exports;
        this.urls = urls;
        this.packages = packages;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.INVOICE_EXPORT)
    public Uni<Response> start(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               InvoiceExportRequest request) {
        KsefPrincipal principal = auth.requireAccess(authorization, "InvoiceRead");
        return exports.start(principal, request).map(reference -> Response.status(Response.Status.CREATED)
                .entity(new ExportApi.ExportInvoicesResponse(reference)).build());
    }

    @GET
    @Path("/{referenceNumber}")
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.INVOICE_EXPORT_STATUS)
    public Uni<InvoiceExportStatusResponse> status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                   @PathParam("referenceNumber") String referenceNumber) {
        KsefPrincipal principal = auth.requireAccess(authorization, "InvoiceRead");
        return exports.status(principal, referenceNumber);
    }

    /**
     * No token and no rate limit (spec: the part URL); the signature and expiry in the URL are the permission.
     * {@code x-ms-meta-hash}: the SHA-256 of the encrypted part, as KSeF's blob store sends it.
     */
    @GET
    @Path("/{referenceNumber}/parts/{ordinalNumber}")
    @Produces(MediaType.APPLICATION_OCTET_STREAM)
    public Uni<Response> part(@PathParam("referenceNumber") String referenceNumber,
                              @PathParam("ordinalNumber") int ordinalNumber, @QueryParam("expires") long expires,
                              @QueryParam("signature") String signature) {
        if (!urls.isValid(referenceNumber, ordinalNumber, expires, signature, Instant.now())) {
            return Uni.createFrom().item(Response.status(Response.Status.FORBIDDEN).build());
        }
        java.nio.file.Path file = packages.part(referenceNumber, ordinalNumber);
        return exports.encryptedPartHash(referenceNumber, ordinalNumber).map(hash -> {
            if (hash == null || !Files.isRegularFile(file)) {
                return Response.status(Response.Status.NOT_FOUND).build();
            }
            return Response.ok(file.toFile(), MediaType.APPLICATION_OCTET_STREAM).header("x-ms-meta-hash", hash)
                    .build();
        });
    }
}

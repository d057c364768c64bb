package pl.ksefhub.invoice.query;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.invoice.processing.KsefNumbers;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

/** Pobranie faktury po numerze KSeF: the exact bytes that were sent, with their hash. */
@Path("/v2/invoices/ksef/{ksefNumber}")
public class InvoiceDownloadResource {

    static final String HASH_HEADER = "x-ms-meta-hash";

    private final KsefAuth auth;
    private final InvoiceQueries queries;

    public InvoiceDownloadResource(KsefAuth auth, InvoiceQueries queries) {
        this.auth = auth;
        this.queries = queries;
    }

    @GET
    @Produces({MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON})
    @RateLimited(RateLimitGroup.INVOICE_DOWNLOAD)
    public Uni<Response> download(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  @PathParam("ksefNumber") String ksefNumber) {
        KsefPrincipal principal = auth.requireAccess(authorization, "InvoiceRead");
        if (!KsefNumbers.FORMAT.matcher(ksefNumber).matches()) {
            throw KsefException.validation("'ksefNumber' is not in the correct format.");
        }
        return queries.download(principal, ksefNumber)
                .map(invoice -> Response.ok(invoice.content(), MediaType.APPLICATION_XML)
                        .header(HASH_HEADER, invoice.hash())
                        .build());
    }
}

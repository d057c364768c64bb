package pl.ksefhub.invoice.metadata;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

/** Pobranie listy metadanych faktur (POST /invoices/query/metadata). */
@Path("/v2/invoices/query/metadata")
public class InvoiceMetadataResource {

    private final KsefAuth auth;
    private final InvoiceMetadataQueries queries;

    public InvoiceMetadataResource(KsefAuth auth, InvoiceMetadataQueries queries) {
        this.auth = auth;
        this.queries = queries;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.INVOICE_METADATA)
    public Uni<QueryInvoicesMetadataResponse> query(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                    @QueryParam("pageOffset") String pageOffset,
                                                    @QueryParam("pageSize") String pageSize,
                                                    @QueryParam("sortOrder") String sortOrder,
                                                    InvoiceQueryFilters filters) {
        KsefPrincipal principal = auth.requireAccess(authorization, "InvoiceRead");
        return queries.query(principal, filters, pageOffset, pageSize, sortOrder);
    }
}

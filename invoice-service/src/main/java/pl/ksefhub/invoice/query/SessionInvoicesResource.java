package pl.ksefhub.invoice.query;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

/** Status wysyłki: the invoices of a session, its failed invoices, one invoice's status. */
@Path("/v2/sessions/{referenceNumber}/invoices")
@Produces(MediaType.APPLICATION_JSON)
public class SessionInvoicesResource {

    static final String[] PERMISSIONS = {"InvoiceWrite", "Introspection", "PefInvoiceWrite",
            "EnforcementOperations"};
    static final String CONTINUATION_TOKEN = "x-continuation-token";

    private final KsefAuth auth;
    private final InvoiceQueries queries;

    public SessionInvoicesResource(KsefAuth auth, InvoiceQueries queries) {
        this.auth = auth;
        this.queries = queries;
    }

    @GET
    @RateLimited(RateLimitGroup.SESSION_INVOICE_LIST)
    public Uni<SessionInvoicesResponse> invoices(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                 @HeaderParam(CONTINUATION_TOKEN) String continuationToken,
                                                 @PathParam("referenceNumber") String referenceNumber,
                                                 @QueryParam("pageSize") String pageSize) {
        KsefPrincipal principal = auth.requireAccess(authorization, PERMISSIONS);
        return queries.list(principal, referenceNumber, pageSize, continuationToken, false);
    }

    @GET
    @Path("/failed")
    @RateLimited(RateLimitGroup.SESSION_INVOICE_LIST)
    public Uni<SessionInvoicesResponse> failed(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                               @HeaderParam(CONTINUATION_TOKEN) String continuationToken,
                                               @PathParam("referenceNumber") String referenceNumber,
                                               @QueryParam("pageSize") String pageSize) {
        KsefPrincipal principal = auth.requireAccess(authorization, PERMISSIONS);
        return queries.list(principal, referenceNumber, pageSize, continuationToken, true);
    }

    @GET
    @Path("/{invoiceReferenceNumber}")
    @RateLimited(RateLimitGroup.INVOICE_STATUS)
    public Uni<SessionInvoiceStatusResponse> invoice(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                     @PathParam("referenceNumber") String referenceNumber,
                                                     @PathParam("invoiceReferenceNumber") String invoiceReference) {
        KsefPrincipal principal = auth.requireAccess(authorization, PERMISSIONS);
        return queries.status(principal, referenceNumber, invoiceReference);
    }
}

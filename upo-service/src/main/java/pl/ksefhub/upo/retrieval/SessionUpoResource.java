package pl.ksefhub.upo.retrieval;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.upo.document.UpoDocument;

/**
 * The authenticated UPO endpoints ("Status wysyłki i UPO"): an invoice's UPO by its reference or KSeF number, and a
 * page of the session UPO. The body is the exact signed XML; {@code x-ms-meta-hash} is its SHA-256.
 */
@Path("/v2/sessions/{referenceNumber}")
@Produces({MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON})
public class SessionUpoResource {

    /** {@code x-required-permissions} of all three operations. */
    static final String[] PERMISSIONS = {"InvoiceWrite", "Introspection", "PefInvoiceWrite", "EnforcementOperations"};
    static final String HASH_HEADER = "x-ms-meta-hash";

    private final KsefAuth auth;
    private final UpoQueries queries;

    public SessionUpoResource(KsefAuth auth, UpoQueries queries) {
        this.auth = auth;
        this.queries = queries;
    }

    @GET
    @Path("/invoices/{invoiceReferenceNumber}/upo")
    @RateLimited(RateLimitGroup.SESSION_MISC)
    public Uni<Response> invoiceUpo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @PathParam("referenceNumber") String referenceNumber,
                                    @PathParam("invoiceReferenceNumber") String invoiceReferenceNumber) {
        KsefPrincipal caller = auth.requireAccess(authorization, PERMISSIONS);
        PathChecks.referenceNumber("referenceNumber", referenceNumber);
        PathChecks.referenceNumber("invoiceReferenceNumber", invoiceReferenceNumber);
        return queries.invoiceUpo(caller, referenceNumber, invoiceReferenceNumber).map(SessionUpoResource::xml);
    }

    @GET
    @Path("/invoices/ksef/{ksefNumber}/upo")
    @RateLimited(RateLimitGroup.SESSION_MISC)
    public Uni<Response> invoiceUpoByKsefNumber(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                @PathParam("referenceNumber") String referenceNumber,
                                                @PathParam("ksefNumber") String ksefNumber) {
        KsefPrincipal caller = auth.requireAccess(authorization, PERMISSIONS);
        PathChecks.referenceNumber("referenceNumber", referenceNumber);
        PathChecks.ksefNumber("ksefNumber", ksefNumber);
        return queries.invoiceUpoByKsefNumber(caller, referenceNumber, ksefNumber).map(SessionUpoResource::xml);
    }

    @GET
    @Path("/upo/{upoReferenceNumber}")
    @RateLimited(RateLimitGroup.SESSION_MISC)
    public Uni<Response> sessionUpo(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @PathParam("referenceNumber") String referenceNumber,
                                    @PathParam("upoReferenceNumber") String upoReferenceNumber) {
        KsefPrincipal caller = auth.requireAccess(authorization, PERMISSIONS);
        PathChecks.referenceNumber("referenceNumber", referenceNumber);
        PathChecks.referenceNumber("upoReferenceNumber", upoReferenceNumber);
        return queries.sessionUpo(caller, referenceNumber, upoReferenceNumber).map(SessionUpoResource::xml);
    }

    /** The stored bytes as they are: re-serialising would break the signature. */
    static Response xml(UpoDocument upo) {
        return Response.ok(upo.content, MediaType.APPLICATION_XML_TYPE)
                .header(HASH_HEADER, upo.contentSha256)
                .build();
    }
}

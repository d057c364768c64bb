package pl.ksefhub.session.deletion;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

/**
 * {@code DELETE /sessions/{ref}}: removes a finished session and everything of it in every service
 * ({@code seeds/002}). Not in the KSeF spec; answers as soon as the deletion is requested, which then runs as events.
 */
@Path("/v2/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionDeletionResource {

    /** Whoever may send invoices in and close the session may delete it. */
    private static final String[] DELETE_PERMISSIONS = {"InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"};

    private final SessionDeletionService service;
    private final KsefAuth auth;

    public SessionDeletionResource(SessionDeletionService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    @DELETE
    @Path("{referenceNumber}")
    @RateLimited(RateLimitGroup.SESSION_MISC)
    public Uni<SessionDeletionService.DeletionStarted> delete(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("referenceNumber") String referenceNumber) {
        return service.request(auth.requireAccess(authorization, DELETE_PERMISSIONS), referenceNumber);
    }
}

package pl.ksefhub.session.terminate;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.AuthenticationRequiredException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.online.OnlineSessionResource;
import pl.ksefhub.session.terminate.TerminateApi.TerminateSessionResponse;

/**
 * KSeF 1.0's {@code GET /online/Session/Terminate}, at {@code /api/online/Session/Terminate} as KSeF 1.0 served it,
 * for clients not yet moved to 2.0. The token comes bare in {@code SessionToken}; it is one of our KSeF 2.0 access
 * tokens, needing what closing a session needs.
 */
@Path("/api/online/Session")
@Produces(MediaType.APPLICATION_JSON)
public class SessionTerminateResource {

    private final SessionTerminationService service;
    private final KsefAuth auth;

    public SessionTerminateResource(SessionTerminationService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    /** Counted with session opening and closing; per IP alone, as the limiter reads only {@code Authorization}. */
    @GET
    @Path("Terminate")
    @RateLimited(RateLimitGroup.ONLINE_SESSION)
    public Uni<TerminateSessionResponse> terminate(@HeaderParam("SessionToken") String sessionToken) {
        KsefPrincipal principal;
        try {
            principal = auth.requireAccessToken(sessionToken, OnlineSessionResource.WRITE_PERMISSIONS);
        } catch (AuthenticationRequiredException e) {
            throw TerminateErrors.unauthorized();
        }
        return service.terminate(principal);
    }
}

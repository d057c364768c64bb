package pl.ksefhub.session.online;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.online.OnlineSessionApi.OpenOnlineSessionRequest;

/** {@code POST /sessions/online} and {@code POST /sessions/online/{ref}/close} (Wysyłka interaktywna). */
@Path("/v2/sessions/online")
@Produces(MediaType.APPLICATION_JSON)
public class OnlineSessionResource {

    public static final String[] WRITE_PERMISSIONS = {"InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"};

    private final OnlineSessionService service;
    private final KsefAuth auth;

    public OnlineSessionResource(OnlineSessionService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.ONLINE_SESSION)
    public Uni<Response> open(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              OpenOnlineSessionRequest request) {
        var principal = auth.requireAccess(authorization, WRITE_PERMISSIONS);
        return service.open(principal, request).map(opened -> Response.status(201).entity(opened).build());
    }

    @POST
    @Path("{referenceNumber}/close")
    @RateLimited(RateLimitGroup.ONLINE_SESSION)
    public Uni<Response> close(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               @PathParam("referenceNumber") String referenceNumber) {
        var principal = auth.requireAccess(authorization, WRITE_PERMISSIONS);
        return service.close(principal, referenceNumber).replaceWith(Response.noContent().build());
    }
}

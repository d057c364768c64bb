package pl.ksefhub.session.limits;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.limits.LimitsApi.EffectiveContextLimits;
import pl.ksefhub.session.limits.LimitsApi.EffectiveSubjectLimits;

/** "Limity i ograniczenia": the limits in force. Any access token; the spec requires no permission. */
@Path("/v2/limits")
@Produces(MediaType.APPLICATION_JSON)
public class LimitsResource {

    private final LimitsService service;
    private final KsefAuth auth;

    public LimitsResource(LimitsService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    @GET
    @Path("context")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<EffectiveContextLimits> context(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return service.contextLimits(auth.requireAccess(authorization));
    }

    @GET
    @Path("subject")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<EffectiveSubjectLimits> subject(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return service.subjectLimits(auth.requireAccess(authorization));
    }
}

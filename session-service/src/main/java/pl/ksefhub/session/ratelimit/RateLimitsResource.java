package pl.ksefhub.session.ratelimit;

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
import pl.ksefhub.session.ratelimit.RateLimitsApi.EffectiveApiRateLimits;

/** {@code GET /rate-limits} ("Pobranie aktualnie obowiązujących limitów API"): any access token. */
@Path("/v2/rate-limits")
@Produces(MediaType.APPLICATION_JSON)
public class RateLimitsResource {

    private final RateLimitSettingsService service;
    private final KsefAuth auth;

    public RateLimitsResource(RateLimitSettingsService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    @GET
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<EffectiveApiRateLimits> effective(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return service.effective(auth.requireAccess(authorization));
    }
}

package pl.ksefhub.session.ratelimit;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.ratelimit.RateLimitsApi.SetRateLimitsRequest;
import pl.ksefhub.session.testdata.TestMode;

import static pl.ksefhub.session.testdata.TestMode.ok;

/**
 * Rate limits of the caller's context on the test environment: own values, production's, or back to the defaults.
 * Test mode only (404 otherwise); any access token; 200 without a body.
 */
@Path("/v2/testdata/rate-limits")
@Produces(MediaType.APPLICATION_JSON)
public class RateLimitTestDataResource {

    private final TestMode testMode;
    private final RateLimitSettingsService service;

    public RateLimitTestDataResource(TestMode testMode, RateLimitSettingsService service) {
        this.testMode = testMode;
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> set(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                             SetRateLimitsRequest request) {
        KsefPrincipal caller = testMode.requireAccess(authorization);
        return ok(service.set(caller, RateLimitsValidation.values(request)));
    }

    @DELETE
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> reset(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return ok(service.reset(testMode.requireAccess(authorization)));
    }

    @POST
    @Path("production")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> production(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return ok(service.production(testMode.requireAccess(authorization)));
    }
}

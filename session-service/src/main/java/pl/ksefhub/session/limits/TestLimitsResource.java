package pl.ksefhub.session.limits;

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
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.limits.LimitsApi.SetSessionLimitsRequest;
import pl.ksefhub.session.limits.LimitsApi.SetSubjectLimitsRequest;
import pl.ksefhub.session.testdata.TestMode;

import static pl.ksefhub.session.testdata.TestMode.ok;

/**
 * Changing limits on the test environment ("Modyfikacja limitów na środowisku testowym"): test mode only (404
 * otherwise), any access token of the context or subject concerned. Each answers 200 without a body.
 */
@Path("/v2/testdata/limits")
@Produces(MediaType.APPLICATION_JSON)
public class TestLimitsResource {

    private final TestMode testMode;
    private final LimitsService service;

    public TestLimitsResource(TestMode testMode, LimitsService service) {
        this.testMode = testMode;
        this.service = service;
    }

    @POST
    @Path("context/session")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> setContextLimits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                          SetSessionLimitsRequest request) {
        return ok(service.setContextLimits(testMode.requireAccess(authorization), request));
    }

    @DELETE
    @Path("context/session")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> resetContextLimits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return ok(service.resetContextLimits(testMode.requireAccess(authorization)));
    }

    @POST
    @Path("subject/certificate")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> setSubjectLimits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                          SetSubjectLimitsRequest request) {
        return ok(service.setSubjectLimits(testMode.requireAccess(authorization), request));
    }

    @DELETE
    @Path("subject/certificate")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> resetSubjectLimits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return ok(service.resetSubjectLimits(testMode.requireAccess(authorization)));
    }
}

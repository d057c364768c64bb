package pl.ksefhub.session.testdata;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.testdata.TestDataApi.AttachmentGrantRequest;
import pl.ksefhub.session.testdata.TestDataApi.AttachmentRevokeRequest;
import pl.ksefhub.session.testdata.TestDataApi.ContextAuthenticationRequest;
import pl.ksefhub.session.testdata.TestDataApi.PermissionsGrantRequest;
import pl.ksefhub.session.testdata.TestDataApi.PermissionsRevokeRequest;
import pl.ksefhub.session.testdata.TestDataApi.PersonCreateRequest;
import pl.ksefhub.session.testdata.TestDataApi.PersonRemoveRequest;
import pl.ksefhub.session.testdata.TestDataApi.SubjectCreateRequest;
import pl.ksefhub.session.testdata.TestDataApi.SubjectRemoveRequest;

import java.util.function.Supplier;

/**
 * Test data ("Dane testowe"), in test mode only (404 otherwise). Public, as in KSeF: none of these operations has a
 * {@code security} requirement in the spec. Each answers 200 without a body.
 */
@Path("/v2/testdata")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class TestDataResource {

    private final TestMode testMode;
    private final TestDataService service;
    private final KsefAuth auth;

    public TestDataResource(TestMode testMode, TestDataService service, KsefAuth auth) {
        this.testMode = testMode;
        this.service = service;
        this.auth = auth;
    }

    @POST
    @Path("subject")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> createSubject(SubjectCreateRequest request) {
        return ok(() -> service.createSubject(request));
    }

    @POST
    @Path("subject/remove")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> removeSubject(SubjectRemoveRequest request) {
        return ok(() -> service.removeSubject(request));
    }

    @POST
    @Path("person")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> createPerson(PersonCreateRequest request) {
        return ok(() -> service.createPerson(request));
    }

    @POST
    @Path("person/remove")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> removePerson(PersonRemoveRequest request) {
        return ok(() -> service.removePerson(request));
    }

    @POST
    @Path("permissions")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> grantPermissions(PermissionsGrantRequest request) {
        return ok(() -> service.grantPermissions(request));
    }

    @POST
    @Path("permissions/revoke")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> revokePermissions(PermissionsRevokeRequest request) {
        return ok(() -> service.revokePermissions(request));
    }

    @POST
    @Path("attachment")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> grantAttachments(AttachmentGrantRequest request) {
        return ok(() -> service.grantAttachments(request));
    }

    @POST
    @Path("attachment/revoke")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> revokeAttachments(AttachmentRevokeRequest request) {
        return ok(() -> service.revokeAttachments(request));
    }

    /** Without {@code contextIdentifier} the context of the bearer's access token, when one is sent. */
    @POST
    @Path("context/block")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> block(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                               ContextAuthenticationRequest request) {
        return ok(() -> service.block(request, caller(authorization, request)));
    }

    /** Without {@code contextIdentifier} the context of the bearer's access token, when one is sent. */
    @POST
    @Path("context/unblock")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> unblock(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 ContextAuthenticationRequest request) {
        return ok(() -> service.unblock(request, caller(authorization, request)));
    }

    private Uni<Response> ok(Supplier<Uni<Void>> operation) {
        testMode.require();
        return TestMode.ok(operation.get());
    }

    /** The caller, needed only when the request names no context; an unusable token then is a 401. */
    private KsefPrincipal caller(String authorization, ContextAuthenticationRequest request) {
        boolean namesContext = request != null && request.contextIdentifier() != null;
        return namesContext || authorization == null ? null : auth.requireAccess(authorization);
    }
}

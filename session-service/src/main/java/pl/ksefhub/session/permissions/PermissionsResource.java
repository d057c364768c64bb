package pl.ksefhub.session.permissions;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.error.ErrorBodies;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.permissions.PermissionsApi.CheckAttachmentPermissionStatusResponse;
import pl.ksefhub.session.permissions.PermissionsApi.EntityAuthorizationPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EntityPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EuEntityAdministrationPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EuEntityPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.IndirectPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.PermissionsOperationResponse;
import pl.ksefhub.session.permissions.PermissionsApi.PersonPermissionsGrantRequest;
import pl.ksefhub.session.permissions.PermissionsApi.SubunitPermissionsGrantRequest;

/**
 * "Nadawanie uprawnień", "Odbieranie uprawnień" and "Operacje" of {@code /permissions}. Each operation asks for the
 * permissions its spec's {@code x-required-permissions} names (any of them), else 403 naming the required and the
 * present ones.
 */
@Path("/v2/permissions")
@Produces(MediaType.APPLICATION_JSON)
public class PermissionsResource {

    static final String CREDENTIALS_MANAGE = "CredentialsManage";
    static final String CREDENTIALS_READ = "CredentialsRead";
    static final String SUBUNIT_MANAGE = "SubunitManage";
    static final String VAT_UE_MANAGE = "VatUeManage";

    private final GrantService grants;
    private final OperationStatusService statuses;
    private final KsefAuth auth;

    public PermissionsResource(GrantService grants, OperationStatusService statuses, KsefAuth auth) {
        this.grants = grants;
        this.statuses = statuses;
        this.auth = auth;
    }

    @POST
    @Path("persons/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> persons(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 PersonPermissionsGrantRequest request) {
        return accepted(grants.persons(auth.requireAccess(authorization, CREDENTIALS_MANAGE), request));
    }

    @POST
    @Path("entities/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> entities(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  EntityPermissionsGrantRequest request) {
        return accepted(grants.entities(auth.requireAccess(authorization, CREDENTIALS_MANAGE), request));
    }

    @POST
    @Path("authorizations/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> authorizations(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        EntityAuthorizationPermissionsGrantRequest request) {
        return accepted(grants.authorizations(auth.requireAccess(authorization, CREDENTIALS_MANAGE), request));
    }

    @POST
    @Path("indirect/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> indirect(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  IndirectPermissionsGrantRequest request) {
        return accepted(grants.indirect(auth.requireAccess(authorization, CREDENTIALS_MANAGE), request));
    }

    @POST
    @Path("subunits/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> subunits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  SubunitPermissionsGrantRequest request) {
        return accepted(grants.subunits(auth.requireAccess(authorization, SUBUNIT_MANAGE), request));
    }

    @POST
    @Path("eu-entities/administration/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> euAdministration(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                          EuEntityAdministrationPermissionsGrantRequest request) {
        return accepted(grants.euAdministration(auth.requireAccess(authorization, CREDENTIALS_MANAGE), request));
    }

    @POST
    @Path("eu-entities/grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> euRepresentatives(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                           EuEntityPermissionsGrantRequest request) {
        return accepted(grants.euRepresentatives(auth.requireAccess(authorization, VAT_UE_MANAGE), request));
    }

    @DELETE
    @Path("common/grants/{permissionId}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> revokeCommon(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("permissionId") String permissionId) {
        return accepted(grants.revokeCommon(auth.requireAccess(authorization, CREDENTIALS_MANAGE, VAT_UE_MANAGE,
                SUBUNIT_MANAGE), permissionId));
    }

    @DELETE
    @Path("authorizations/grants/{permissionId}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> revokeAuthorization(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                             @PathParam("permissionId") String permissionId) {
        return accepted(grants.revokeAuthorization(auth.requireAccess(authorization, CREDENTIALS_MANAGE),
                permissionId));
    }

    @GET
    @Path("operations/{referenceNumber}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> operation(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("referenceNumber") String referenceNumber,
                                   @Context HttpHeaders headers, @Context UriInfo uri) {
        return statuses.status(auth.requireAccess(authorization), referenceNumber)
                .map(status -> Response.ok(status).build())
                .onFailure(OperationStatusService.OperationGone.class).recoverWithItem(() -> Response.status(410)
                        .type(ErrorBodies.PROBLEM_JSON)
                        .entity(ErrorBodies.problem(410, "Gone", ErrorBodies.instance(headers, uri.getPath()),
                                "Operacja wygasła i nie jest już dostępna.", null))
                        .build());
    }

    @GET
    @Path("attachments/status")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<CheckAttachmentPermissionStatusResponse> attachments(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return statuses.attachments(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ));
    }

    private static Uni<Response> accepted(Uni<PermissionsOperationResponse> operation) {
        return operation.map(response -> Response.accepted(response).build());
    }
}

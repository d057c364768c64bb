package pl.ksefhub.session.permissions;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.permissions.PermissionsApi.EntityAuthorizationPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EntityPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.EuEntityPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.PersonPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.PersonalPermissionsQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEntityAuthorizationPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEntityPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEntityRolesResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryEuEntityPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryPersonPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QueryPersonalPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QuerySubordinateEntityRolesResponse;
import pl.ksefhub.session.permissions.PermissionsApi.QuerySubunitPermissionsResponse;
import pl.ksefhub.session.permissions.PermissionsApi.SubordinateEntityRolesQueryRequest;
import pl.ksefhub.session.permissions.PermissionsApi.SubunitPermissionsQueryRequest;

import static pl.ksefhub.session.permissions.PermissionsResource.CREDENTIALS_MANAGE;
import static pl.ksefhub.session.permissions.PermissionsResource.CREDENTIALS_READ;
import static pl.ksefhub.session.permissions.PermissionsResource.SUBUNIT_MANAGE;
import static pl.ksefhub.session.permissions.PermissionsResource.VAT_UE_MANAGE;

/**
 * "Wyszukiwanie nadanych uprawnień": {@code /permissions/query/**}, paged by {@code pageOffset} and
 * {@code pageSize}.
 */
@Path("/v2/permissions/query")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class PermissionQueryResource {

    private final QueryService queries;
    private final KsefAuth auth;

    public PermissionQueryResource(QueryService queries, KsefAuth auth) {
        this.queries = queries;
        this.auth = auth;
    }

    @POST
    @Path("personal/grants")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryPersonalPermissionsResponse> personal(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize, PersonalPermissionsQueryRequest request) {
        return queries.personal(auth.requireAccess(authorization), request, pageOffset, pageSize);
    }

    @POST
    @Path("persons/grants")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryPersonPermissionsResponse> persons(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize, PersonPermissionsQueryRequest request) {
        return queries.persons(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ,
                SUBUNIT_MANAGE), request, pageOffset, pageSize);
    }

    @POST
    @Path("subunits/grants")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QuerySubunitPermissionsResponse> subunits(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize, SubunitPermissionsQueryRequest request) {
        return queries.subunits(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ,
                SUBUNIT_MANAGE), request, pageOffset, pageSize);
    }

    @POST
    @Path("entities/grants")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryEntityPermissionsResponse> entities(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize, EntityPermissionsQueryRequest request) {
        return queries.entities(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ), request,
                pageOffset, pageSize);
    }

    @GET
    @Path("entities/roles")
    @Consumes(MediaType.WILDCARD)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryEntityRolesResponse> roles(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize) {
        return queries.roles(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ), pageOffset,
                pageSize);
    }

    @POST
    @Path("subordinate-entities/roles")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QuerySubordinateEntityRolesResponse> subordinates(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize, SubordinateEntityRolesQueryRequest request) {
        return queries.subordinates(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ,
                SUBUNIT_MANAGE), request, pageOffset, pageSize);
    }

    @POST
    @Path("authorizations/grants")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryEntityAuthorizationPermissionsResponse> authorizations(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize, EntityAuthorizationPermissionsQueryRequest request) {
        return queries.authorizations(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ,
                "PefInvoiceWrite"), request, pageOffset, pageSize);
    }

    @POST
    @Path("eu-entities/grants")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryEuEntityPermissionsResponse> euEntities(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, @QueryParam("pageOffset") Integer pageOffset,
            @QueryParam("pageSize") Integer pageSize, EuEntityPermissionsQueryRequest request) {
        return queries.euEntities(auth.requireAccess(authorization, CREDENTIALS_MANAGE, CREDENTIALS_READ,
                VAT_UE_MANAGE), request, pageOffset, pageSize);
    }
}

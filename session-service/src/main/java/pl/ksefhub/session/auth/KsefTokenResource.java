package pl.ksefhub.session.auth;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.auth.KsefTokenApi.GenerateTokenRequest;
import pl.ksefhub.session.auth.KsefTokenApi.QueryTokensResponse;
import pl.ksefhub.session.auth.KsefTokenApi.TokenFilter;
import pl.ksefhub.session.auth.KsefTokenApi.TokenItem;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** KSeF tokens ("Tokeny KSeF"): generate, list, read, revoke. Every call needs an access token. */
@Path("/v2/tokens")
@Produces(MediaType.APPLICATION_JSON)
public class KsefTokenResource {

    private static final Set<String> AUTHOR_TYPES = Set.of("Nip", "Pesel", "Fingerprint");

    private final KsefTokenService service;
    private final KsefAuth auth;

    public KsefTokenResource(KsefTokenService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    /**
     * Needs CredentialsManage. KSeF also requires that the caller logged in with a XAdES signature; until XAdES login
     * exists here, a KSeF-token login with CredentialsManage may generate tokens too.
     */
    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> generate(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                  GenerateTokenRequest request) {
        var principal = auth.requireAccess(authorization, KsefTokenService.MANAGE);
        return service.generate(principal, request).map(generated -> Response.accepted(generated).build());
    }

    @GET
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryTokensResponse> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                         @HeaderParam("x-continuation-token") String continuationToken,
                                         @QueryParam("status") List<String> statuses,
                                         @QueryParam("description") String description,
                                         @QueryParam("authorIdentifier") String authorIdentifier,
                                         @QueryParam("authorIdentifierType") String authorIdentifierType,
                                         @QueryParam("pageSize") String pageSize) {
        var principal = auth.requireAccess(authorization);
        TokenFilter filter = filter(statuses, description, authorIdentifier, authorIdentifierType);
        return service.list(principal, filter, ListPages.pageSize(pageSize), continuationToken);
    }

    @GET
    @Path("{referenceNumber}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<TokenItem> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @PathParam("referenceNumber") String referenceNumber) {
        return service.get(auth.requireAccess(authorization), referenceNumber);
    }

    @DELETE
    @Path("{referenceNumber}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("referenceNumber") String referenceNumber) {
        return service.revoke(auth.requireAccess(authorization), referenceNumber)
                .replaceWith(Response.noContent().build());
    }

    private static TokenFilter filter(List<String> statuses, String description, String authorIdentifier,
                                      String authorIdentifierType) {
        List<String> problems = new ArrayList<>();
        List<KsefToken.Status> parsed = new ArrayList<>();
        for (String status : statuses == null ? List.<String>of() : statuses) {
            try {
                parsed.add(KsefToken.Status.valueOf(status));
            } catch (IllegalArgumentException e) {
                problems.add("'status' has a range of values which does not include '" + status + "'.");
            }
        }
        minimumLength("description", description, problems);
        minimumLength("authorIdentifier", authorIdentifier, problems);
        if (authorIdentifierType != null && !AUTHOR_TYPES.contains(authorIdentifierType)) {
            problems.add("'authorIdentifierType' has a range of values which does not include '"
                    + authorIdentifierType + "'.");
        }
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
        return new TokenFilter(List.copyOf(parsed), description, authorIdentifier, authorIdentifierType);
    }

    private static void minimumLength(String name, String value, List<String> problems) {
        if (value != null && value.length() < 3) {
            problems.add("The length of '%s' must be at least 3 characters. You entered %d characters."
                    .formatted(name, value.length()));
        }
    }
}

package pl.ksefhub.session.auth;

import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.platform.error.AuthenticationRequiredException;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.auth.AuthApi.AuthenticationListResponse;
import pl.ksefhub.session.auth.AuthApi.AuthenticationStatusResponse;
import pl.ksefhub.session.auth.AuthApi.AuthenticationTokenRefreshResponse;
import pl.ksefhub.session.auth.AuthApi.AuthenticationTokensResponse;
import pl.ksefhub.session.auth.AuthApi.ChallengeResponse;
import pl.ksefhub.session.auth.AuthApi.KsefTokenAuthenticationRequest;
import pl.ksefhub.session.auth.xades.XadesAuthenticationService;

/**
 * Obtaining access ("Uzyskiwanie dostępu"): challenge, KSeF-token login, its status, redeem and refresh; and the
 * active authentication sessions ("Aktywne sesje").
 */
@Path("/v2/auth")
@Produces(MediaType.APPLICATION_JSON)
public class AuthResource {

    private final ChallengeService challenges;
    private final KsefTokenAuthenticationService ksefTokenAuthentication;
    private final AuthTokenService authTokens;
    private final AuthSessionService authSessions;
    private final KsefAuth auth;
    private final XadesAuthenticationService xadesAuthentication;

    public AuthResource(ChallengeService challenges, KsefTokenAuthenticationService ksefTokenAuthentication,
                        AuthTokenService authTokens, AuthSessionService authSessions, KsefAuth auth,
                        XadesAuthenticationService xadesAuthentication) {
        this.xadesAuthentication = xadesAuthentication;
        this.challenges = challenges;
        this.ksefTokenAuthentication = ksefTokenAuthentication;
        this.authTokens = authTokens;
        this.authSessions = authSessions;
        this.auth = auth;
    }

    /** Public. */
    @POST
    @Path("challenge")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<ChallengeResponse> challenge(@Context HttpServerRequest request) {
        return challenges.issue(clientIp(request));
    }

    /** Public. */
    @POST
    @Path("ksef-token")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> ksefToken(KsefTokenAuthenticationRequest body, @Context HttpServerRequest request) {
        return ksefTokenAuthentication.authenticate(body, clientIp(request))
                .map(started -> Response.accepted(started).build());
    }

    /** Public. The signed {@code AuthTokenRequest} exactly as sent: its hash is part of the UPO. */
    @POST
    @Path("xades-signature")
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<Response> xadesSignature(byte[] body, @QueryParam("verifyCertificateChain") String verifyChainParam,
                                        @Context HttpServerRequest request) {
        boolean verifyChain = verifyCertificateChain(verifyChainParam);
        String clientIp = clientIp(request);
        return xadesAuthentication.verifyOffEventLoop(body)
                .chain(signed -> xadesAuthentication.authenticate(signed, verifyChain, clientIp))
                .map(started -> Response.accepted(started).build());
    }

    /** Bearer: the authentication token of this operation. */
    @GET
    @Path("{referenceNumber}")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<AuthenticationStatusResponse> status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                    @PathParam("referenceNumber") String referenceNumber) {
        return authTokens.status(auth.require(authorization, TokenType.AuthenticationToken), referenceNumber);
    }

    /** Bearer: the authentication token. */
    @POST
    @Path("token/redeem")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<AuthenticationTokensResponse> redeem(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return authTokens.redeem(auth.require(authorization, TokenType.AuthenticationToken));
    }

    /** Bearer: the refresh token. */
    @POST
    @Path("token/refresh")
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<AuthenticationTokenRefreshResponse> refresh(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return authTokens.refresh(auth.require(authorization, TokenType.RefreshToken));
    }

    /** Bearer: an access token; the active authentication sessions of its context. */
    @GET
    @Path("sessions")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<AuthenticationListResponse> sessions(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                    @HeaderParam("x-continuation-token") String continuationToken,
                                                    @QueryParam("pageSize") String pageSize) {
        KsefPrincipal principal = auth.requireAccess(authorization);
        return authSessions.active(principal, ListPages.pageSize(pageSize), continuationToken);
    }

    /** Bearer: an access or a refresh token; revokes the session it belongs to. */
    @DELETE
    @Path("sessions/current")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> revokeCurrent(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        KsefPrincipal principal;
        try {
            principal = auth.require(authorization, TokenType.RefreshToken);
        } catch (AuthenticationRequiredException notRefresh) {
            principal = auth.requireAccess(authorization);
        }
        return authSessions.revoke(principal, principal.authReferenceNumber())
                .replaceWith(Response.noContent().build());
    }

    /** Bearer: an access token of the session's context. */
    @DELETE
    @Path("sessions/{referenceNumber}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("referenceNumber") String referenceNumber) {
        return authSessions.revoke(auth.requireAccess(authorization), referenceNumber)
                .replaceWith(Response.noContent().build());
    }

    /** A boolean the KSeF way: a value that is not one is 21405, not the 404 JAX-RS would answer. */
    private static boolean verifyCertificateChain(String value) {
        if (value == null || value.equalsIgnoreCase("false")) {
            return false;
        }
        if (value.equalsIgnoreCase("true")) {
            return true;
        }
        throw KsefException.validation("Parametr verifyCertificateChain musi mieć wartość true lub false.");
    }

    /** The caller's address; behind the edge it is the forwarded one (quarkus.http.proxy.*). */
    private static String clientIp(HttpServerRequest request) {
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}

package pl.ksefhub.session.certificates;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
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
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateEnrollmentDataResponse;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateEnrollmentStatusResponse;
import pl.ksefhub.session.certificates.CertificatesApi.CertificateLimitsResponse;
import pl.ksefhub.session.certificates.CertificatesApi.EnrollCertificateRequest;
import pl.ksefhub.session.certificates.CertificatesApi.QueryCertificatesRequest;
import pl.ksefhub.session.certificates.CertificatesApi.QueryCertificatesResponse;
import pl.ksefhub.session.certificates.CertificatesApi.RetrieveCertificatesRequest;
import pl.ksefhub.session.certificates.CertificatesApi.RetrieveCertificatesResponse;
import pl.ksefhub.session.certificates.CertificatesApi.RevokeCertificateRequest;

/**
 * "Certyfikaty": KSeF certificates of the authenticated subject. Any access token; the spec requires no
 * permission (the certificates are the subject's own, whatever the context).
 */
@Path("/v2/certificates")
@Produces(MediaType.APPLICATION_JSON)
public class CertificatesResource {

    private final CertificateService service;
    private final KsefAuth auth;

    public CertificatesResource(CertificateService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    @GET
    @Path("limits")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<CertificateLimitsResponse> limits(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return service.limits(auth.requireAccess(authorization));
    }

    @GET
    @Path("enrollments/data")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<CertificateEnrollmentDataResponse> enrollmentData(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return service.enrollmentData(auth.requireAccess(authorization));
    }

    @POST
    @Path("enrollments")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> enroll(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                EnrollCertificateRequest request) {
        KsefPrincipal caller = auth.requireAccess(authorization);
        return service.prepare(caller, request).chain(prepared -> service.enroll(caller, prepared))
                .map(accepted -> Response.accepted(accepted).build());
    }

    @GET
    @Path("enrollments/{referenceNumber}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<CertificateEnrollmentStatusResponse> status(
            @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
            @PathParam("referenceNumber") String referenceNumber) {
        return service.status(auth.requireAccess(authorization), referenceNumber);
    }

    @POST
    @Path("retrieve")
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<RetrieveCertificatesResponse> retrieve(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                      RetrieveCertificatesRequest request) {
        return service.retrieve(auth.requireAccess(authorization), request);
    }

    @POST
    @Path("query")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<QueryCertificatesResponse> query(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                                @QueryParam("pageSize") Integer pageSize,
                                                @QueryParam("pageOffset") Integer pageOffset,
                                                QueryCertificatesRequest request) {
        return service.query(auth.requireAccess(authorization), request, pageSize, pageOffset);
    }

    @POST
    @Path("{certificateSerialNumber}/revoke")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> revoke(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("certificateSerialNumber") String serialNumber,
                                RevokeCertificateRequest request) {
        return service.revoke(auth.requireAccess(authorization), serialNumber, request)
                .replaceWith(Response.noContent().build());
    }
}

package pl.ksefhub.session.status;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.status.SessionQueryApi.SessionStatusResponse;
import pl.ksefhub.session.status.SessionQueryApi.SessionsQueryResponse;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Set;

@Path("/v2/sessions")
@Produces(MediaType.APPLICATION_JSON)
public class SessionQueryResource {

    private static final String[] STATUS_PERMISSIONS = {"InvoiceWrite", "Introspection", "PefInvoiceWrite",
            "EnforcementOperations"};
    private static final String[] LIST_PERMISSIONS = {"InvoiceWrite", "Introspection", "EnforcementOperations"};
    private static final Set<String> COMMON_STATUSES = Set.of("InProgress", "Succeeded", "Failed", "Cancelled");

    private final SessionQueryService service;
    private final KsefAuth auth;

    public SessionQueryResource(SessionQueryService service, KsefAuth auth) {
        this.service = service;
        this.auth = auth;
    }

    @GET
    @Path("{referenceNumber}")
    @RateLimited(RateLimitGroup.SESSION_MISC)
    public Uni<SessionStatusResponse> status(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                             @PathParam("referenceNumber") String referenceNumber) {
        return service.status(auth.requireAccess(authorization, STATUS_PERMISSIONS), referenceNumber);
    }

    @GET
    @RateLimited(RateLimitGroup.SESSION_LIST)
    public Uni<SessionsQueryResponse> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                           @HeaderParam("x-continuation-token") String continuationToken,
                                           @QueryParam("sessionType") String sessionType,
                                           @QueryParam("pageSize") String pageSize,
                                           @QueryParam("referenceNumber") String referenceNumber,
                                           @QueryParam("dateCreatedFrom") String dateCreatedFrom,
                                           @QueryParam("dateCreatedTo") String dateCreatedTo,
                                           @QueryParam("dateClosedFrom") String dateClosedFrom,
                                           @QueryParam("dateClosedTo") String dateClosedTo,
                                           @QueryParam("dateModifiedFrom") String dateModifiedFrom,
                                           @QueryParam("dateModifiedTo") String dateModifiedTo,
                                           @QueryParam("statuses") List<String> statuses) {
        var principal = auth.requireAccess(authorization, LIST_PERMISSIONS);
        if (sessionType == null || !(sessionType.equals("Online") || sessionType.equals("Batch"))) {
            throw KsefException.validation("'sessionType' must be one of: Online, Batch.");
        }
        int size = pageSize(pageSize);
        for (String status : statuses) {
            if (!COMMON_STATUSES.contains(status)) {
                throw KsefException.validation("'statuses' has an invalid value: '%s'.".formatted(status));
            }
        }
        var filter = new SessionQueryService.SessionFilter(sessionType, referenceNumber,
                date("dateCreatedFrom", dateCreatedFrom), date("dateCreatedTo", dateCreatedTo),
                date("dateClosedFrom", dateClosedFrom), date("dateClosedTo", dateClosedTo),
                date("dateModifiedFrom", dateModifiedFrom), date("dateModifiedTo", dateModifiedTo), statuses);
        return service.list(principal, filter, size, continuationToken);
    }

    private static int pageSize(String value) {
        if (value == null) {
            return 10;
        }
        try {
            int size = Integer.parseInt(value);
            if (size < 10 || size > 1000) {
                throw SessionQueryService.invalidPageSize(size);
            }
            return size;
        } catch (NumberFormatException e) {
            throw KsefException.validation("'pageSize' must be a whole number between 10 and 1000.");
        }
    }

    private static OffsetDateTime date(String name, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            throw KsefException.validation("'%s' is not a valid date-time: '%s'.".formatted(name, value));
        }
    }
}

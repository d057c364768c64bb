package pl.ksefhub.recurring.document;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.recurring.access.CallerAuthentication;
import pl.ksefhub.recurring.envelope.ApiEnvelope;
import pl.ksefhub.recurring.envelope.JsonFields;

/**
 * The recurring-documents API of seeds/004 ("API - Faktury Cykliczne"), same paths and shapes. Its examples call
 * {@code curl -POST ...}: curl reads that as {@code -P OST}, so without {@code -d} they are GET requests; {@code get}
 * and {@code delete} therefore answer GET too, besides POST (and DELETE for {@code delete}).
 */
@Path("/api/recurring-documents")
@Produces(MediaType.APPLICATION_JSON)
public class RecurringDocumentResource {

    /** Issuing invoices on the caller's behalf needs what sending them over KSeF needs. */
    static final String[] WRITE_PERMISSIONS = {"InvoiceWrite"};
    static final String[] READ_PERMISSIONS = {"InvoiceWrite", "InvoiceRead"};

    private final RecurringDocumentService service;
    private final CallerAuthentication callers;

    public RecurringDocumentResource(RecurringDocumentService service, CallerAuthentication callers) {
        this.service = service;
        this.callers = callers;
    }

    @POST
    @Path("add")
    public Uni<ApiEnvelope> add(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return callers.authenticate(authorization, WRITE_PERMISSIONS)
                .chain(caller -> service.add(caller, JsonFields.object(body)))
                .map(ApiEnvelope::ok);
    }

    @GET
    @Path("get/{id}")
    public Uni<ApiEnvelope> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("id") String id) {
        return callers.authenticate(authorization, READ_PERMISSIONS)
                .chain(caller -> service.get(caller, id))
                .map(ApiEnvelope::ok);
    }

    @POST
    @Path("get/{id}")
    public Uni<ApiEnvelope> getByPost(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                      @PathParam("id") String id) {
        return get(authorization, id);
    }

    @POST
    @Path("find")
    public Uni<ApiEnvelope> find(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return callers.authenticate(authorization, READ_PERMISSIONS)
                .chain(caller -> service.find(caller, JsonFields.object(body)))
                .map(ApiEnvelope::ok);
    }

    @POST
    @Path("update")
    public Uni<ApiEnvelope> update(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return callers.authenticate(authorization, WRITE_PERMISSIONS)
                .chain(caller -> service.update(caller, JsonFields.object(body)))
                .map(ApiEnvelope::ok);
    }

    @POST
    @Path("delete/{id}")
    public Uni<ApiEnvelope> delete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                   @PathParam("id") String id) {
        return callers.authenticate(authorization, WRITE_PERMISSIONS)
                .chain(caller -> service.delete(caller, id))
                .map(ApiEnvelope::ok);
    }

    @DELETE
    @Path("delete/{id}")
    public Uni<ApiEnvelope> deleteByDelete(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                           @PathParam("id") String id) {
        return delete(authorization, id);
    }

    /** The seed's own {@code curl -POST .../delete/29892} sends GET (see the class comment). */
    @GET
    @Path("delete/{id}")
    public Uni<ApiEnvelope> deleteByGet(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                        @PathParam("id") String id) {
        return delete(authorization, id);
    }

    @POST
    @Path("init")
    public Uni<ApiEnvelope> init(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization, String body) {
        return callers.authenticate(authorization, READ_PERMISSIONS)
                .chain(caller -> service.init(caller, JsonFields.object(body)))
                .map(ApiEnvelope::ok);
    }

    @GET
    @Path("init")
    public Uni<ApiEnvelope> initByGet(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        return init(authorization, null);
    }
}

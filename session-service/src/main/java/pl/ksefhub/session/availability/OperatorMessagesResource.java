package pl.ksefhub.session.availability;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.availability.LatarniaApi.Message;
import pl.ksefhub.session.availability.OperatorApi.MaintenanceRequest;

import java.net.URI;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/**
 * Operators announce planned unavailability (category MAINTENANCE), change it and take it back, addressed by its
 * {@code eventId}. Outside {@code /v2} and not routed by the edge: operators call session-service directly.
 */
@Path("/admin/availability/messages")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class OperatorMessagesResource {

    private final AvailabilityService service;
    private final AvailabilityMonitor monitor;
    private final OperatorAccess access;

    public OperatorMessagesResource(AvailabilityService service, AvailabilityMonitor monitor, OperatorAccess access) {
        this.service = service;
        this.monitor = monitor;
        this.access = access;
    }

    /** 201 with the published message; {@code Location} names its eventId. */
    @POST
    public Uni<Response> announce(@HeaderParam(OperatorAccess.KEY_HEADER) String key, MaintenanceRequest request) {
        access.require(key);
        MaintenanceRequest valid = validated(request);
        return service.announceMaintenance(valid, now()).call(monitor::refresh)
                .map(message -> Response.created(URI.create("/admin/availability/messages/" + message.eventId))
                        .entity(message.toApi()).build());
    }

    /** The message in its new version; 404 when no planned unavailability has this eventId. */
    @PUT
    @Path("{eventId}")
    public Uni<Message> change(@HeaderParam(OperatorAccess.KEY_HEADER) String key, @PathParam("eventId") int eventId,
                               MaintenanceRequest request) {
        access.require(key);
        MaintenanceRequest valid = validated(request);
        return service.changeMaintenance(eventId, valid, now()).call(monitor::refresh).map(AvailabilityMessage::toApi);
    }

    /** 204; the message is no longer published. */
    @DELETE
    @Path("{eventId}")
    public Uni<Response> withdraw(@HeaderParam(OperatorAccess.KEY_HEADER) String key,
                                  @PathParam("eventId") int eventId) {
        access.require(key);
        return service.withdrawMaintenance(eventId).call(monitor::refresh)
                .map(nothing -> Response.noContent().build());
    }

    private static MaintenanceRequest validated(MaintenanceRequest request) {
        if (request == null) {
            throw KsefException.validation("The request body must not be empty.");
        }
        List<String> problems = request.problems();
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
        return request;
    }

    private static OffsetDateTime now() {
        return OffsetDateTime.now(ZoneOffset.UTC);
    }
}

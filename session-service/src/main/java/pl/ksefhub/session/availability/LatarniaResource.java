package pl.ksefhub.session.availability;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.session.availability.LatarniaApi.KsefStatus;
import pl.ksefhub.session.availability.LatarniaApi.Message;
import pl.ksefhub.session.availability.LatarniaApi.StatusResponse;

import java.util.List;

/**
 * The status service as the Ministry's Latarnia serves it ({@code https://api-latarnia.ksef.mf.gov.pl/status} and
 * {@code /messages}): anonymous, at the root of the base URL, not under {@code /v2}. Both answer from the monitor's
 * last snapshot, without any I/O.
 */
@Path("/")
@Produces(MediaType.APPLICATION_JSON)
public class LatarniaResource {

    private final AvailabilityMonitor monitor;

    public LatarniaResource(AvailabilityMonitor monitor) {
        this.monitor = monitor;
    }

    /** The status now; {@code messages} (those of the failure or planned unavailability) only when not AVAILABLE. */
    @GET
    @Path("status")
    @NonBlocking
    public StatusResponse status() {
        AvailabilityMonitor.Snapshot snapshot = monitor.snapshot();
        return new StatusResponse(snapshot.status(),
                snapshot.status() == KsefStatus.AVAILABLE ? null : snapshot.statusMessages());
    }

    /** Every published message: recent ones and those not ended yet, newest publication first. */
    @GET
    @Path("messages")
    @NonBlocking
    public List<Message> messages() {
        return monitor.snapshot().messages();
    }
}

package pl.ksefhub.recurring.envelope;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;

/**
 * Refusals answer HTTP 200 with {@code success: false}, as the API this one follows does: its clients read
 * {@code success}, not the status line.
 */
public class ApiRefusalMapper {

    @ServerExceptionMapper
    public Response refused(ApiRefusal refusal) {
        return Response.ok(ApiEnvelope.refused(refusal.getMessage()), MediaType.APPLICATION_JSON).build();
    }
}

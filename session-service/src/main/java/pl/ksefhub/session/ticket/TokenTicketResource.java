package pl.ksefhub.session.ticket;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;
import pl.ksefhub.session.ticket.TicketApi.TokenTicket;
import pl.ksefhub.session.ticket.TicketApi.TokenTicketRequest;

/**
 * {@code POST /v2/tickets/{contextNip}}: a ticket for a token, telling who it is (reference, context, author,
 * permissions, status, expiry). Not a KSeF operation: ksef-hub's own, after the shape of order-token tickets
 * ({@code {"data": …}} in, a ticket with {@code hasExpired} out). JSON or XML in by {@code Content-Type}, out by
 * {@code Accept} (JSON unless XML is asked for); errors are KSeF error bodies (JSON) either way.
 */
@Path("/v2/tickets/{contextNip}")
@Produces({MediaType.APPLICATION_JSON, MediaType.APPLICATION_XML})
public class TokenTicketResource {

    private final TicketCallers callers;
    private final TokenTicketService service;

    public TokenTicketResource(TicketCallers callers, TokenTicketService service) {
        this.callers = callers;
        this.service = service;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<TokenTicket> fromJson(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                     @PathParam("contextNip") String contextNip, TokenTicketRequest request) {
        return callers.requireContext(authorization, contextNip).chain(() -> {
            if (request == null) {
                throw KsefException.validation("A non-empty request body is required.");
            }
            return service.ticket(contextNip, TokenTicketService.validData(request.data()));
        });
    }

    @POST
    @Consumes({MediaType.APPLICATION_XML, MediaType.TEXT_XML})
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<TokenTicket> fromXml(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                    @PathParam("contextNip") String contextNip, String xml) {
        return callers.requireContext(authorization, contextNip)
                .chain(() -> service.ticket(contextNip, TokenTicketService.validData(TokenTicketXml.readRequest(xml))));
    }
}

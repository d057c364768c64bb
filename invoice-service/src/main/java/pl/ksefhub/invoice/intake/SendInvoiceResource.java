package pl.ksefhub.invoice.intake;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

/** Wysłanie faktury (interactive session). */
@Path("/v2/sessions/online/{referenceNumber}/invoices")
public class SendInvoiceResource {

    static final String[] PERMISSIONS = {"InvoiceWrite", "PefInvoiceWrite", "EnforcementOperations"};

    private final KsefAuth auth;
    private final InvoiceIntake intake;

    public SendInvoiceResource(KsefAuth auth, InvoiceIntake intake) {
        this.auth = auth;
        this.intake = intake;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.INVOICE_SEND)
    public Uni<Response> send(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                              @PathParam("referenceNumber") String referenceNumber, SendInvoiceRequest request) {
        KsefPrincipal principal = auth.requireAccess(authorization, PERMISSIONS);
        return intake.send(principal, referenceNumber, request)
                .map(invoiceReference -> Response.accepted(new SendInvoiceResponse(invoiceReference)).build());
    }
}

package pl.ksefhub.recurring.saledocument;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.recurring.access.CallerAuthentication;
import pl.ksefhub.recurring.envelope.ApiEnvelope;
import pl.ksefhub.recurring.envelope.ApiRefusal;

/**
 * {@code GET /api/sale-documents}: how a user finds the {@code idSaleDocument} of an invoice they sent (by KSeF number
 * or invoice number), in the envelope of the recurring-documents API.
 */
@Path("/api/sale-documents")
@Produces(MediaType.APPLICATION_JSON)
public class SaleDocumentResource {

    static final String[] READ_PERMISSIONS = {"InvoiceWrite", "InvoiceRead"};
    private static final int DEFAULT_SIZE = 15;
    private static final int MAX_SIZE = 1000;

    private final SaleDocumentQueries queries;
    private final CallerAuthentication callers;

    public SaleDocumentResource(SaleDocumentQueries queries, CallerAuthentication callers) {
        this.queries = queries;
        this.callers = callers;
    }

    @GET
    public Uni<ApiEnvelope> list(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                 @QueryParam("ksefNumber") String ksefNumber,
                                 @QueryParam("invoiceNumber") String invoiceNumber,
                                 @QueryParam("page") String page, @QueryParam("size") String size) {
        return callers.authenticate(authorization, READ_PERMISSIONS)
                .chain(caller -> queries.list(caller, ksefNumber, invoiceNumber,
                        number("page", page, 1, Integer.MAX_VALUE, 1), number("size", size, 1, MAX_SIZE, DEFAULT_SIZE)))
                .map(ApiEnvelope::ok);
    }

    @GET
    @Path("{id}")
    public Uni<ApiEnvelope> get(@HeaderParam(HttpHeaders.AUTHORIZATION) String authorization,
                                @PathParam("id") String id) {
        return callers.authenticate(authorization, READ_PERMISSIONS)
                .chain(caller -> queries.get(caller, id))
                .map(ApiEnvelope::ok);
    }

    private static int number(String name, String value, int min, int max, int fallback) {
        if (value == null || value.isBlank()) {
            return fallback;
        }
        try {
            int number = Integer.parseInt(value.trim());
            if (number >= min && number <= max) {
                return number;
            }
        } catch (NumberFormatException e) {
            // refused below
        }
        throw new ApiRefusal("Nieprawidłowa wartość parametru %s: '%s' (oczekiwana liczba od %d do %d)"
                .formatted(name, value, min, max));
    }
}

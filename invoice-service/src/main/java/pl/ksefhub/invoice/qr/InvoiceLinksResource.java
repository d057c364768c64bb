package pl.ksefhub.invoice.qr;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

/**
 * The public verification of KOD I links (kody-qr.md, "KOD I – Weryfikacja i pobieranie faktury"): ksef-hub's
 * counterpart of the Ministry's {@code qr.ksef.mf.gov.pl/invoice/{NIP}/{DD-MM-RRRR}/{SHA-256 Base64URL}}; a client
 * sets its QR base URL to {@code <our base>/v2/qr}. Anyone may call it, as anyone may scan the code on a printed
 * invoice; it answers whether we hold that invoice and its basic data, as a page (the Ministry's wording) or, when
 * asked for {@code application/json}, as JSON. The XML itself stays behind a token.
 */
@Path("/v2/qr/invoice")
@Produces({MediaType.TEXT_HTML, MediaType.APPLICATION_JSON})
public class InvoiceLinksResource {

    private final InvoiceLinks links;

    public InvoiceLinksResource(InvoiceLinks links) {
        this.links = links;
    }

    @GET
    @Path("{sellerNip}/{issueDate}/{invoiceHash}")
    @RateLimited(RateLimitGroup.OTHER)
    public Uni<Response> verify(@PathParam("sellerNip") String sellerNip,
                                @PathParam("issueDate") String issueDate,
                                @PathParam("invoiceHash") String invoiceHash,
                                @HeaderParam(HttpHeaders.ACCEPT) String accept) {
        return links.verify(sellerNip, issueDate, invoiceHash)
                .map(verification -> verification.page().respond(accept, verification));
    }
}

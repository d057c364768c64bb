package pl.ksefhub.upo.retrieval;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import pl.ksefhub.platform.error.ForbiddenException;

import java.time.Instant;
import java.util.Map;

/**
 * {@code upo.pages[].downloadUrl}: anonymous (no bearer token, "nie należy wysyłać tokenu dostępowego"), outside
 * the API rate limits, valid until its {@code expires}; the HMAC in {@code sig} is the only credential.
 */
@Path(DownloadLinks.PATH)
@Produces({MediaType.APPLICATION_XML, MediaType.APPLICATION_JSON})
public class UpoDownloadResource {

    static final String INVALID_DETAIL = "Link do pobrania UPO jest nieprawidłowy.";
    static final String EXPIRED_DETAIL = "Link do pobrania UPO wygasł.";

    private final DownloadLinks links;
    private final UpoQueries queries;

    public UpoDownloadResource(DownloadLinks links, UpoQueries queries) {
        this.links = links;
        this.queries = queries;
    }

    @GET
    @Path("/{upoReferenceNumber}")
    public Uni<Response> download(@PathParam("upoReferenceNumber") String upoReferenceNumber,
                                  @QueryParam("expires") String expires, @QueryParam("sig") String sig) {
        switch (links.verify(upoReferenceNumber, expires, sig, Instant.now())) {
            case INVALID -> throw new ForbiddenException("invalid-signature", INVALID_DETAIL, Map.of());
            case EXPIRED -> throw new ForbiddenException("url-expired", EXPIRED_DETAIL, Map.of());
            default -> {
                // valid: serve it
            }
        }
        return queries.forDownload(upoReferenceNumber).map(SessionUpoResource::xml);
    }
}

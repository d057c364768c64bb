package pl.ksefhub.session.peppol;

import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimited;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * {@code GET /peppol/query} (Usługi Peppol, public): the Peppol service providers registered here, newest first,
 * {@code pageOffset} (0 and up, a page number) and {@code pageSize} (10 to 100, default 10).
 */
@Path("/v2/peppol/query")
public class PeppolResource {

    private final PeppolProviders providers;

    public PeppolResource(PeppolProviders providers) {
        this.providers = providers;
    }

    /** {@code PeppolProvider}. */
    public record PeppolProvider(String id, String name, OffsetDateTime dateCreated) {
    }

    /** {@code QueryPeppolProvidersResponse}. */
    public record QueryPeppolProvidersResponse(List<PeppolProvider> peppolProviders, boolean hasMore) {
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @RateLimited(RateLimitGroup.PUBLIC)
    public Uni<QueryPeppolProvidersResponse> query(@QueryParam("pageOffset") String pageOffset,
                                                   @QueryParam("pageSize") String pageSize) {
        int offset = number("pageOffset", pageOffset, 0, 0, Integer.MAX_VALUE);
        int size = number("pageSize", pageSize, 10, 10, 100);
        return providers.page(offset, size).map(rows -> new QueryPeppolProvidersResponse(
                rows.stream().limit(size).map(row -> new PeppolProvider(row.id(), row.name(), row.dateCreated()))
                        .toList(), rows.size() > size));
    }

    private static int number(String name, String given, int fallback, int min, int max) {
        if (given == null || given.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(given.trim());
            if (value >= min && value <= max) {
                return value;
            }
            throw KsefException.validation(max == Integer.MAX_VALUE
                    ? "'%s' must be greater than or equal to %d. You entered %d.".formatted(name, min, value)
                    : "'%s' must be between %d and %d. You entered %d.".formatted(name, min, max, value));
        } catch (NumberFormatException e) {
            throw KsefException.validation("'%s' must be a whole number.".formatted(name));
        }
    }
}

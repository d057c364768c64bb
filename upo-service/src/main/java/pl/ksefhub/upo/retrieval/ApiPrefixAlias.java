package pl.ksefhub.upo.retrieval;

import io.quarkus.vertx.http.runtime.filters.Filters;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * Serves {@code /api/v2/...} as {@code /v2/...}: older KSeF documents and clients use the {@code /api} prefix, and
 * the edge passes both through unchanged.
 */
@ApplicationScoped
public class ApiPrefixAlias {

    private static final String LEGACY_PREFIX = "/api/v2/";

    void register(@Observes Filters filters) {
        filters.register(context -> {
            String uri = context.request().uri();
            if (uri.startsWith(LEGACY_PREFIX)) {
                context.reroute(uri.substring("/api".length()));
            } else {
                context.next();
            }
        }, 1000);
    }
}

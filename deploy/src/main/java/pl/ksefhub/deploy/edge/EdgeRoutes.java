package pl.ksefhub.deploy.edge;

import static pl.ksefhub.deploy.services.Service.INVOICE;
import static pl.ksefhub.deploy.services.Service.RECURRING;
import static pl.ksefhub.deploy.services.Service.SESSION;
import static pl.ksefhub.deploy.services.Service.UPO;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import pl.ksefhub.deploy.services.Service;

/**
 * The edge's route table: which service answers a path. One place, the same table as "Who answers what" in
 * docs/EVENTS.md; in Kubernetes too, where the Ingress and the HTTPRoute send everything to the edge (deploy/k8s).
 * Pure: no I/O, so every row is unit-tested.
 *
 * <p>API paths live under {@code /v2}; {@code /api/v2/...} is accepted too and forwarded as {@code /v2/...}. A few
 * paths live outside {@code /v2} and are forwarded unchanged.
 */
public final class EdgeRoutes {

    private static final String API = "/v2";
    private static final String API_ALIAS = "/api/v2";

    /**
     * Routes under {@code /v2}, first match wins. {@code {x}} is one path segment, a trailing {@code /**} is the
     * path itself and anything below it. Patterns that could overlap are ordered most specific first.
     */
    private static final List<Route> API_ROUTES = List.of(
            // upo-service
            Route.any(UPO, "/sessions/{ref}/invoices/{invRef}/upo"),
            Route.any(UPO, "/sessions/{ref}/invoices/ksef/{ksefNumber}/upo"),
            Route.any(UPO, "/sessions/{ref}/upo/**"),
            // invoice-service
            Route.any(INVOICE, "/sessions/online/{ref}/invoices"),
            Route.any(INVOICE, "/sessions/{ref}/invoices"),
            Route.any(INVOICE, "/sessions/{ref}/invoices/failed"),
            Route.any(INVOICE, "/sessions/{ref}/invoices/{invRef}"),
            Route.any(INVOICE, "/invoices/**"),
            // Batch part uploads: the URLs POST /sessions/batch hands out, streamed to invoice-service.
            Route.of(INVOICE, "/sessions/batch/{ref}/parts/{ordinal}", "PUT"),
            // session-service
            Route.any(SESSION, "/auth/**"),
            Route.any(SESSION, "/tokens/**"),
            Route.any(SESSION, "/security/**"),
            Route.of(SESSION, "/sessions/online", "POST"),
            Route.any(SESSION, "/sessions/online/{ref}/close"),
            Route.of(SESSION, "/sessions/batch", "POST"),
            Route.any(SESSION, "/sessions/batch/{ref}/close"),
            Route.of(SESSION, "/sessions", "GET"),
            Route.of(SESSION, "/sessions/{ref}", "GET", "DELETE"),
            Route.any(SESSION, "/rate-limits"),
            Route.any(SESSION, "/limits/**"),
            Route.any(SESSION, "/testdata/**"),
            Route.of(SESSION, "/peppol/query", "GET"),
            // Token tickets (ksef-hub's own, not a KSeF operation): POST /tickets/{contextNip}.
            Route.any(SESSION, "/tickets/**"),
            // KOD II verification (ksef-hub's own, the Ministry's qr.ksef.mf.gov.pl/certificate/...).
            Route.of(SESSION, "/qr/certificate/**", "GET"),
            // KOD I verification (ksef-hub's own, the Ministry's qr.ksef.mf.gov.pl/invoice/...).
            Route.of(INVOICE, "/qr/invoice/**", "GET"),
            // Owned by session-service (shared/ARCHITECTURE.md); until served, it answers 501 naming the operation.
            Route.any(SESSION, "/permissions/**"),
            Route.any(SESSION, "/certificates/**"),
            Route.any(SESSION, "/.well-known/**"));

    /** Routes outside {@code /v2}, forwarded with the path unchanged. */
    private static final List<Route> ROOT_ROUTES = List.of(
            Route.any(UPO, "/storage/upo/**"),
            Route.any(RECURRING, "/api/recurring-documents/**"),
            Route.any(RECURRING, "/api/sale-documents/**"),
            // Availability, at the paths of the Ministry's Latarnia (api-latarnia.ksef.mf.gov.pl/status, /messages).
            Route.of(SESSION, "/status", "GET"),
            Route.of(SESSION, "/messages", "GET"),
            // KSeF 1.0's forced end of the interactive session, at its 1.0 path, for clients not yet on 2.0.
            Route.of(SESSION, "/api/online/Session/Terminate", "GET"));

    private EdgeRoutes() {
    }

    /** Where a request goes: the service and the path (without query) to ask it for. */
    /**
     * @param forwardedPrefix what the edge took off the client's path ({@code /api} for {@code /api/v2/...}), sent to
     *                        the service as {@code X-Forwarded-Prefix} so that its error bodies name the path the
     *                        client called; null when nothing was
     */
    public record Target(Service service, String path, String forwardedPrefix) {

        public Target(Service service, String path) {
            this(service, path, null);
        }
    }

    /**
     * @param method HTTP method, e.g. {@code GET}
     * @param path   the raw request path, without the query string
     * @return the target, or empty when no service answers this method and path
     */
    public static Optional<Target> resolve(String method, String path) {
        if (path == null || !path.startsWith("/") || hasDotSegment(path)) {
            return Optional.empty();
        }
        String apiPath = stripPrefix(path, API);
        String prefix = null;
        if (apiPath == null) {
            apiPath = stripPrefix(path, API_ALIAS);
            prefix = apiPath == null ? null : API_ALIAS.substring(0, API_ALIAS.length() - API.length());
        }
        if (apiPath != null) {
            String forwarded = API + apiPath;
            String forwardedPrefix = prefix;
            return match(API_ROUTES, method, apiPath)
                    .map(service -> new Target(service, forwarded, forwardedPrefix));
        }
        return match(ROOT_ROUTES, method, path).map(service -> new Target(service, path));
    }

    /** The rest of {@code path} after {@code prefix} (starting with "/"), or null when it is not under it. */
    private static String stripPrefix(String path, String prefix) {
        if (path.startsWith(prefix + "/") && path.length() > prefix.length() + 1) {
            return path.substring(prefix.length());
        }
        return null;
    }

    private static Optional<Service> match(List<Route> routes, String method, String path) {
        String[] segments = segments(path);
        return routes.stream()
                .filter(route -> route.accepts(method) && route.matches(segments))
                .map(Route::service)
                .findFirst();
    }

    private static String[] segments(String path) {
        return Arrays.stream(path.split("/")).filter(s -> !s.isEmpty()).toArray(String[]::new);
    }

    /** "." and ".." (also percent-encoded) could make a service see another path than the one routed. */
    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("/")) {
            String decoded = segment.replace("%2e", ".").replace("%2E", ".");
            if (decoded.equals(".") || decoded.equals("..")) {
                return true;
            }
        }
        return false;
    }

    private record Route(Service service, String[] pattern, Set<String> methods) {

        static Route any(Service service, String pattern) {
            return new Route(service, segments(pattern), Set.of());
        }

        static Route of(Service service, String pattern, String... methods) {
            return new Route(service, segments(pattern), Set.of(methods));
        }

        boolean accepts(String method) {
            return methods.isEmpty() || methods.contains(method);
        }

        boolean matches(String[] path) {
            boolean wildcardTail = pattern.length > 0 && pattern[pattern.length - 1].equals("**");
            int fixed = wildcardTail ? pattern.length - 1 : pattern.length;
            if (wildcardTail ? path.length < fixed : path.length != fixed) {
                return false;
            }
            for (int i = 0; i < fixed; i++) {
                boolean variable = pattern[i].startsWith("{") && pattern[i].endsWith("}");
                if (!variable && !pattern[i].equals(path[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}

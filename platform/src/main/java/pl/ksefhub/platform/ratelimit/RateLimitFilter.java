package pl.ksefhub.platform.ratelimit;

import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.platform.error.ErrorBodies;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Applies the limits to every resource method marked {@link RateLimited}, before the method runs: counted per
 * operation, context and client IP, a request over a threshold gets 429 with {@code Retry-After}.
 *
 * <p>An annotation on the resource method rather than a route table: the operation's group sits next to its path
 * and permissions, JAX-RS has already matched the request (no second path parser to drift from the {@code @Path}s),
 * and what is not KSeF API (JWKS, signed upload and download URLs, recurring documents) stays unlimited without a
 * list of exceptions.
 *
 * <p>The context is that of a valid access token; a request without one (or with another kind of token) counts per
 * IP alone. The client IP is the forwarded one behind the edge ({@code quarkus.http.proxy.*}, shipped in the
 * platform's configuration).
 */
public class RateLimitFilter {

    private final RateLimits limits;
    private final KsefAuth auth;
    private final Map<Method, Optional<Operation>> operations = new ConcurrentHashMap<>();

    public RateLimitFilter(RateLimits limits, KsefAuth auth) {
        this.limits = limits;
        this.auth = auth;
    }

    private record Operation(RateLimitGroup group, String name) {
    }

    @ServerRequestFilter(priority = Priorities.AUTHENTICATION - 100)
    public Response limit(ContainerRequestContext request, ResourceInfo resource, HttpServerRequest http) {
        if (!limits.enabled() || resource.getResourceMethod() == null) {
            return null;
        }
        Optional<Operation> operation = operations.computeIfAbsent(resource.getResourceMethod(),
                method -> operation(resource.getResourceClass(), method));
        if (operation.isEmpty()) {
            return null;
        }
        RateLimitGroup group = operation.get().group();
        String context = group.perContext() ? context(request.getHeaderString(HttpHeaders.AUTHORIZATION)) : "";
        RateLimiter.Decision decision = limits.acquire(group, operation.get().name(), context, clientIp(http));
        if (decision instanceof RateLimiter.Refused refused) {
            return TooManyRequests.response(refused, ErrorBodies.instance(
                            request.getHeaderString(ErrorBodies.FORWARDED_PREFIX), request.getUriInfo().getPath()),
                    request.getHeaderString(ErrorBodies.ERROR_FORMAT_HEADER));
        }
        return null;
    }

    /** {@code POST /v2/sessions/online/{referenceNumber}/invoices}: the operation as the spec names it. */
    private static Optional<Operation> operation(Class<?> resourceClass, Method method) {
        RateLimited limited = method.getAnnotation(RateLimited.class);
        if (limited == null) {
            return Optional.empty();
        }
        // From the annotations, not the request: a HEAD answered by a GET method counts as that GET.
        String verb = Arrays.stream(method.getAnnotations())
                .map(annotation -> annotation.annotationType().getAnnotation(HttpMethod.class))
                .filter(Objects::nonNull)
                .map(HttpMethod::value)
                .findFirst().orElse("*");
        return Optional.of(new Operation(limited.value(), verb + " "
                + join(path(resourceClass.getAnnotation(Path.class)), path(method.getAnnotation(Path.class)))));
    }

    private static String path(Path path) {
        return path == null ? "" : path.value();
    }

    private static String join(String base, String sub) {
        if (sub.isEmpty()) {
            return base;
        }
        return base.replaceAll("/+$", "") + "/" + sub.replaceAll("^/+", "");
    }

    private String context(String authorization) {
        try {
            KsefPrincipal principal = auth.require(authorization, TokenType.ContextToken);
            return principal.contextValue() != null
                    ? RateLimitSettings.contextKey(principal.contextType(), principal.contextValue()) : "";
        } catch (RuntimeException invalid) {
            // The resource answers 401; until then the request counts as one without a context.
            return "";
        }
    }

    private static String clientIp(HttpServerRequest http) {
        return http.remoteAddress() == null ? "" : http.remoteAddress().hostAddress();
    }
}

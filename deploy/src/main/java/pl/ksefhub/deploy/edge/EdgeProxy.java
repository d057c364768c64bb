package pl.ksefhub.deploy.edge;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.HostAndPort;
import io.vertx.core.net.SocketAddress;
import pl.ksefhub.deploy.services.Service;

/**
 * The one base URL of the platform: a small reverse proxy that forwards each request, by {@link EdgeRoutes}, to
 * the service that answers it (on 127.0.0.1 in the local stack, at its Kubernetes Service in a cluster:
 * {@link EdgeMain}). Bodies are streamed both ways; method, headers (except hop-by-hop
 * ones), status and query string pass unchanged. No route: 404 JSON. Service not reachable: 503 JSON. The edge
 * answers its own documents itself ({@link ApiDocs}: {@code /openapi.json}, {@code /swagger-ui/},
 * {@code /asyncapi.yaml}). Every request is a line of its {@link EdgeAccessLog}, and goes on with a W3C
 * {@code traceparent}: the client's, or a new trace's.
 */
public final class EdgeProxy implements AutoCloseable {

    /** Connection-level headers (RFC 9110 section 7.6.1) that a proxy must not forward. */
    private static final String TRACEPARENT = "traceparent";
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    private final Map<Service, SocketAddress> upstreams;
    private final HttpClient client;
    private final HttpServer server;
    private final ApiDocs docs;
    private final EdgeAccessLog accessLog;

    private EdgeProxy(Vertx vertx, Map<Service, SocketAddress> upstreams, EdgeAccessLog accessLog) {
        this.upstreams = Map.copyOf(upstreams);
        this.accessLog = accessLog;
        this.client = vertx.createHttpClient(new HttpClientOptions()
                .setConnectTimeout(2_000)
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setDecompressionSupported(false));
        // HTTP/1.1 only: clients that offer an h2c upgrade simply stay on HTTP/1.1.
        this.server = vertx.createHttpServer(new HttpServerOptions()
                .setCompressionSupported(false)
                .setHttp2ClearTextEnabled(false));
        this.docs = new ApiDocs(vertx, client, this.upstreams);
        this.server.requestHandler(this::forward);
    }

    /**
     * Starts listening and returns once the port is bound.
     *
     * @param upstreamPorts the port of each service on 127.0.0.1; a service without a port answers 503
     */
    public static EdgeProxy start(Vertx vertx, String host, int port, Map<Service, Integer> upstreamPorts) {
        return start(vertx, host, port, upstreamPorts, EdgeAccessLog.NONE);
    }

    /** As {@link #start(Vertx, String, int, Map)}, each request a line of {@code accessLog}. */
    public static EdgeProxy start(Vertx vertx, String host, int port, Map<Service, Integer> upstreamPorts,
                                  EdgeAccessLog accessLog) {
        Map<Service, SocketAddress> upstreams = new EnumMap<>(Service.class);
        upstreamPorts.forEach((service, upstreamPort) -> upstreams.put(service,
                SocketAddress.inetSocketAddress(upstreamPort, "127.0.0.1")));
        return startForwardingTo(vertx, host, port, upstreams, accessLog);
    }

    /**
     * Starts listening and returns once the port is bound.
     *
     * @param upstreams the host and port of each service; a service without one answers 503
     */
    public static EdgeProxy startForwardingTo(Vertx vertx, String host, int port,
                                              Map<Service, SocketAddress> upstreams, EdgeAccessLog accessLog) {
        EdgeProxy proxy = new EdgeProxy(vertx, upstreams, accessLog);
        try {
            proxy.server.listen(port, host).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            return proxy;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while binding the edge to " + host + ":" + port, e);
        } catch (ExecutionException | TimeoutException e) {
            proxy.close();
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("Could not bind the edge to " + host + ":" + port + ": " + cause, cause);
        }
    }

    /** The port the edge listens on. */
    public int port() {
        return server.actualPort();
    }

    private void forward(HttpServerRequest request) {
        String traceparent = EdgeAccessLog.traceparent(request.getHeader(TRACEPARENT));
        AtomicReference<Service> answeredBy = new AtomicReference<>();
        logWhenAnswered(request, traceparent, answeredBy);
        if (docs.handle(request)) {
            return;
        }
        Optional<EdgeRoutes.Target> target = EdgeRoutes.resolve(request.method().name(), request.path());
        if (target.isEmpty()) {
            error(request, 404, "No service answers " + request.method() + " " + request.path(), null);
            return;
        }
        Service service = target.get().service();
        SocketAddress upstreamAddress = upstreams.get(service);
        if (upstreamAddress == null) {
            error(request, 503, service + " is not running in this stack", service);
            return;
        }
        answeredBy.set(service);
        String uri = target.get().path() + (request.query() == null ? "" : "?" + request.query());
        request.pause();
        client.request(new RequestOptions().setMethod(request.method()).setHost(upstreamAddress.host())
                        .setPort(upstreamAddress.port()).setURI(uri))
                .onSuccess(upstream -> send(request, upstream, service, target.get().forwardedPrefix(),
                        traceparent))
                .onFailure(failure -> {
                    request.resume();
                    error(request, 503, service + " is not reachable: " + failure.getMessage(), service);
                });
    }

    /** One access-log line when the response has ended, or when the connection closed before it did. */
    private void logWhenAnswered(HttpServerRequest request, String traceparent, AtomicReference<Service> answeredBy) {
        long started = System.nanoTime();
        String method = request.method().name();
        String path = request.path();
        HttpServerResponse response = request.response();
        AtomicBoolean logged = new AtomicBoolean();
        Runnable log = () -> {
            if (logged.compareAndSet(false, true)) {
                Service service = answeredBy.get();
                accessLog.log(method, path, response.ended() ? response.getStatusCode() : 0,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                        service == null ? null : service.moduleName(), traceparent);
            }
        };
        response.endHandler(ignored -> log.run());
        response.closeHandler(ignored -> log.run());
    }

    private void send(HttpServerRequest request, HttpClientRequest upstream, Service service,
                      String forwardedPrefix, String traceparent) {
        copyHeaders(request.headers(), upstream.headers());
        upstream.headers().set(TRACEPARENT, traceparent);
        // The service sees the Host the client used, as behind any transparent proxy.
        upstream.headers().remove(HttpHeaders.HOST);
        HostAndPort authority = request.authority();
        if (authority != null) {
            upstream.authority(authority);
            upstream.headers().set("X-Forwarded-Host", authority.toString());
        }
        // Without it a service behind the edge rebuilds its Host from X-Forwarded-Proto's default port and loses the
        // client's one (localhost:8080 became localhost), so a link the client signed (KOD II) did not verify.
        String scheme = request.scheme() == null ? "http" : request.scheme();
        upstream.headers().set("X-Forwarded-Port", String.valueOf(authority != null && authority.port() > 0
                ? authority.port() : "https".equals(scheme) ? 443 : 80));
        // The edge is the first hop: what a client claims about forwarding is replaced, never trusted (the
        // services take the client's address from X-Forwarded-For, e.g. for rate limits).
        upstream.headers().remove("Forwarded");
        // The path the client called, for the services' error bodies (instance): /api/v2/x reaches them as /v2/x.
        if (forwardedPrefix == null) {
            upstream.headers().remove("X-Forwarded-Prefix");
        } else {
            upstream.headers().set("X-Forwarded-Prefix", forwardedPrefix);
        }
        upstream.headers().set("X-Forwarded-Proto", scheme);
        if (request.remoteAddress() != null) {
            upstream.headers().set("X-Forwarded-For", request.remoteAddress().hostAddress());
        } else {
            upstream.headers().remove("X-Forwarded-For");
        }
        Future<HttpClientResponse> response;
        if (hasBody(request)) {
            response = upstream.send(request);
        } else {
            request.resume();
            response = upstream.send();
        }
        response.onSuccess(upstreamResponse -> relay(request.response(), upstreamResponse))
                .onFailure(failure -> {
                    if (request.response().headWritten()) {
                        request.response().reset();
                    } else {
                        error(request, 503, service + " failed to answer: " + failure.getMessage(), service);
                    }
                });
    }

    private static void relay(HttpServerResponse response, HttpClientResponse upstreamResponse) {
        response.setStatusCode(upstreamResponse.statusCode());
        response.setStatusMessage(upstreamResponse.statusMessage());
        copyHeaders(upstreamResponse.headers(), response.headers());
        response.send(upstreamResponse).onFailure(failure -> response.reset());
    }

    private static boolean hasBody(HttpServerRequest request) {
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        return request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null || (length != null && !length.equals("0"));
    }

    private static void copyHeaders(MultiMap from, MultiMap to) {
        Set<String> listedInConnection = connectionTokens(from);
        from.forEach(header -> {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!HOP_BY_HOP.contains(name) && !listedInConnection.contains(name)) {
                to.add(header.getKey(), header.getValue());
            }
        });
    }

    /** Headers named in {@code Connection} are hop-by-hop too. */
    private static Set<String> connectionTokens(MultiMap headers) {
        String connection = headers.get(HttpHeaders.CONNECTION);
        if (connection == null) {
            return Set.of();
        }
        return Arrays.stream(connection.split(","))
                .map(token -> token.trim().toLowerCase(Locale.ROOT))
                .collect(Collectors.toSet());
    }

    private static void error(HttpServerRequest request, int status, String message, Service service) {
        JsonObject body = new JsonObject()
                .put("status", status)
                .put("title", status == 404 ? "Not Found" : "Service Unavailable")
                .put("detail", message)
                .put("path", request.path());
        if (service != null) {
            body.put("service", service.moduleName());
        }
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        response.setStatusCode(status)
                .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                .end(body.encode());
    }

    @Override
    public void close() {
        try {
            server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // Closing is best effort: the Vert.x instance that owns the server is closed right after.
        } finally {
            client.close();
        }
    }
}

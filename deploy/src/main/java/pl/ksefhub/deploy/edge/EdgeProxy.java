package pl.ksefhub.deploy.edge;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import pl.ksefhub.platform.shutdown.NotProcessed;
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
 * {@link EdgeMain}). Method, headers (except hop-by-hop ones), status and query string pass unchanged; response
 * bodies stream, request bodies too unless kept to be sent again. A request the service cannot have processed (it
 * was restarting) is sent again for a while ({@link Retries}). No route: 404 JSON. Service not reachable: 503 JSON
 * with {@code Retry-After}. The edge answers its own documents itself ({@link ApiDocs}: {@code /openapi.json},
 * {@code /swagger-ui/}, {@code /asyncapi.yaml}). Every request is a line of its {@link EdgeAccessLog}, and goes on
 * with a W3C {@code traceparent}: the client's, or a new trace's.
 *
 * <p>A service may have several instances ({@link #startBalancing}): requests take turns among them, an instance
 * seen stopping is passed over while a sibling is not, and a request sent again goes to the next instance. Every
 * guarantee above holds per instance, since pools and what is known of a stop are kept per address.
 */
public final class EdgeProxy implements AutoCloseable {

    /** Connection-level headers (RFC 9110 section 7.6.1) that a proxy must not forward. */
    private static final Set<String> HOP_BY_HOP = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade");

    /** W3C Trace Context: the client's when valid, else a new trace's ({@link EdgeAccessLog#traceparent}). */
    private static final String TRACEPARENT = "traceparent";
    /** Seconds a client is told to wait after a 503 of the edge's own. */
    static final String RETRY_AFTER_SECONDS = "2";

    private final Vertx vertx;
    /** Each service's instances; one for a service behind a Kubernetes Service, which balances itself. */
    private final Map<Service, List<SocketAddress>> upstreams;
    /** Whose turn is next, per service with more than one instance. */
    private final Map<Service, AtomicInteger> turns = new ConcurrentHashMap<>();
    private final Retries retries;
    private final HttpClientOptions clientOptions;
    /** For the edge's own documents ({@link ApiDocs}). */
    private final HttpClient client;
    /**
     * Each upstream's own pool of connections, replaced by a fresh one as soon as the upstream is seen stopping: its
     * server closes every connection it still holds when its requests have drained, idle ones included, and a request
     * written into one of those at that moment is lost with no way to tell whether it was processed. From the first
     * sign of a stop on, requests go on new connections only, each closed after its one answer.
     */
    private final Map<SocketAddress, HttpClient> pools = new ConcurrentHashMap<>();
    /** Replaced pools, closed once whatever they still carry is surely over. */
    private final Set<HttpClient> retired = ConcurrentHashMap.newKeySet();
    private static final long RETIRED_POOL_CLOSES_AFTER_MILLIS = TimeUnit.MINUTES.toMillis(2);
    private final HttpServer server;
    private final ApiDocs docs;
    private final EdgeAccessLog accessLog;
    /**
     * Upstreams seen stopping: answering with {@code Connection: close} (what a ksef-hub service does from SIGTERM
     * on, to requests in flight then too) or refusing new requests unprocessed (a 503 with {@link NotProcessed#HEADER}).
     * Still stopping while they refuse connections (gone, not yet back). Forgotten when the upstream answers a request
     * sent after the stop was seen without either sign (a new instance, or another replica), or has given no sign of
     * the kind for {@link #STOPPING_MEMORY_NANOS}. An answer to a request sent before says nothing: it was in flight
     * when the stop began, and the drain let it finish.
     */
    private final Map<SocketAddress, Stopping> stopping = new ConcurrentHashMap<>();
    private static final long STOPPING_MEMORY_NANOS = TimeUnit.SECONDS.toNanos(5);

    /** Seen refusing from {@code since} to {@code lastSeen} (System.nanoTime()). */
    private record Stopping(long since, long lastSeen) {
    }

    private EdgeProxy(Vertx vertx, Map<Service, List<SocketAddress>> upstreams, Retries retries,
                      EdgeAccessLog accessLog) {
        this.vertx = vertx;
        this.upstreams = upstreams.entrySet().stream().filter(entry -> !entry.getValue().isEmpty())
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> List.copyOf(entry.getValue())));
        this.upstreams.keySet().forEach(service -> turns.put(service, new AtomicInteger()));
        this.retries = retries;
        this.accessLog = accessLog;
        this.clientOptions = new HttpClientOptions()
                .setConnectTimeout(2_000)
                .setKeepAlive(true)
                .setMaxPoolSize(64)
                .setDecompressionSupported(false);
        this.client = vertx.createHttpClient(clientOptions);
        // HTTP/1.1 only: clients that offer an h2c upgrade simply stay on HTTP/1.1.
        this.server = vertx.createHttpServer(new HttpServerOptions()
                .setCompressionSupported(false)
                .setHttp2ClearTextEnabled(false));
        // A service's instances run one build: any one's documents are the service's.
        this.docs = new ApiDocs(vertx, client, this.upstreams.entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, entry -> entry.getValue().get(0))));
        this.server.requestHandler(this::forward);
    }

    /**
     * Starts listening and returns once the port is bound; {@link Retries#DEFAULT}, no access log.
     *
     * @param upstreamPorts the port of each service on 127.0.0.1; a service without a port answers 503
     */
    public static EdgeProxy start(Vertx vertx, String host, int port, Map<Service, Integer> upstreamPorts) {
        return start(vertx, host, port, upstreamPorts, Retries.DEFAULT, EdgeAccessLog.NONE);
    }

    /** As {@link #start(Vertx, String, int, Map)}, sending requests again as {@code retries} says. */
    public static EdgeProxy start(Vertx vertx, String host, int port, Map<Service, Integer> upstreamPorts,
                                  Retries retries) {
        return start(vertx, host, port, upstreamPorts, retries, EdgeAccessLog.NONE);
    }

    /** As {@link #start(Vertx, String, int, Map, Retries)}, each request a line of {@code accessLog}. */
    public static EdgeProxy start(Vertx vertx, String host, int port, Map<Service, Integer> upstreamPorts,
                                  Retries retries, EdgeAccessLog accessLog) {
        Map<Service, List<Integer>> instances = new EnumMap<>(Service.class);
        upstreamPorts.forEach((service, upstreamPort) -> instances.put(service, List.of(upstreamPort)));
        return startBalancing(vertx, host, port, instances, retries, accessLog);
    }

    /**
     * As {@link #start(Vertx, String, int, Map, Retries, EdgeAccessLog)} with several instances of a service on
     * 127.0.0.1, each at one of {@code instancePorts}: requests take turns among them.
     */
    public static EdgeProxy startBalancing(Vertx vertx, String host, int port,
                                           Map<Service, List<Integer>> instancePorts, Retries retries,
                                           EdgeAccessLog accessLog) {
        Map<Service, List<SocketAddress>> upstreams = new EnumMap<>(Service.class);
        instancePorts.forEach((service, ports) -> upstreams.put(service, ports.stream()
                .map(instancePort -> SocketAddress.inetSocketAddress(instancePort, "127.0.0.1")).toList()));
        return listen(new EdgeProxy(vertx, upstreams, retries, accessLog), host, port);
    }

    /**
     * Starts listening and returns once the port is bound.
     *
     * @param upstreams the host and port of each service; a service without one answers 503
     * @param retries   when a request is sent again
     * @param accessLog where each request is a line
     */
    public static EdgeProxy startForwardingTo(Vertx vertx, String host, int port,
                                              Map<Service, SocketAddress> upstreams, Retries retries,
                                              EdgeAccessLog accessLog) {
        Map<Service, List<SocketAddress>> single = new EnumMap<>(Service.class);
        upstreams.forEach((service, address) -> single.put(service, List.of(address)));
        return listen(new EdgeProxy(vertx, single, retries, accessLog), host, port);
    }

    private static EdgeProxy listen(EdgeProxy proxy, String host, int port) {
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

    /**
     * One client request on its way to its service, in one attempt or several ({@link Retries}).
     *
     * @param body the whole body, kept for sending again; null when it streams through (larger, or chunked)
     */
    private record Exchange(HttpServerRequest request, Service service, SocketAddress upstream, String uri,
                            String forwardedPrefix, String traceparent, Buffer body, long deadline, int attempt) {

        /** The next attempt, at {@code nextUpstream}. */
        Exchange next(SocketAddress nextUpstream) {
            return new Exchange(request, service, nextUpstream, uri, forwardedPrefix, traceparent, body, deadline,
                    attempt + 1);
        }
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
        if (!upstreams.containsKey(service)) {
            error(request, 503, service + " is not running in this stack", service);
            return;
        }
        SocketAddress upstreamAddress = choose(service, null);
        answeredBy.set(service);
        String uri = target.get().path() + (request.query() == null ? "" : "?" + request.query());
        long deadline = System.nanoTime() + retries.retryFor().toNanos();
        String prefix = target.get().forwardedPrefix();
        if (keepsBody(request)) {
            request.body()
                    .onSuccess(body -> attempt(new Exchange(request, service, upstreamAddress, uri, prefix,
                            traceparent, body, deadline, 1)))
                    .onFailure(failure -> error(request, 400, "The request body could not be read: "
                            + failure.getMessage(), service));
        } else {
            request.pause();
            attempt(new Exchange(request, service, upstreamAddress, uri, prefix, traceparent, null, deadline, 1));
        }
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

    /** No body, or one of a declared length the edge may keep in memory to send it again. */
    private boolean keepsBody(HttpServerRequest request) {
        if (request.getHeader(HttpHeaders.TRANSFER_ENCODING) != null) {
            return false;
        }
        String length = request.getHeader(HttpHeaders.CONTENT_LENGTH);
        try {
            return length == null || Long.parseLong(length.trim()) <= retries.maxBufferedBody();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private void attempt(Exchange exchange) {
        if (exchange.request().response().closed()) {
            return; // the client is gone
        }
        // Before the pool is chosen: a request sent after a stop was seen goes on a connection opened after it.
        long sentAt = System.nanoTime();
        pool(exchange.upstream()).request(new RequestOptions().setMethod(exchange.request().method())
                        .setHost(exchange.upstream().host()).setPort(exchange.upstream().port())
                        .setURI(exchange.uri()))
                .onSuccess(upstream -> send(exchange, upstream, sentAt))
                // Nothing was sent: the connection could not be opened (refused while the service restarts).
                .onFailure(failure -> {
                    stillStopping(exchange.upstream());
                    notDelivered(exchange, "is not reachable: " + failure.getMessage());
                });
    }

    /**
     * The instance of {@code service} whose turn it is, passing over {@code previous} (the one an attempt just failed
     * at) and any seen stopping while another instance is neither; when all are, the first of those in turn.
     */
    private SocketAddress choose(Service service, SocketAddress previous) {
        List<SocketAddress> instances = upstreams.get(service);
        if (instances.size() == 1) {
            return instances.get(0);
        }
        int first = Math.floorMod(turns.get(service).getAndIncrement(), instances.size());
        SocketAddress passedOver = null;
        for (int i = 0; i < instances.size(); i++) {
            SocketAddress candidate = instances.get((first + i) % instances.size());
            if (!candidate.equals(previous) && !stoppingNow(candidate)) {
                return candidate;
            }
            if (passedOver == null) {
                passedOver = candidate;
            }
        }
        return passedOver;
    }

    /** Seen stopping within {@link #STOPPING_MEMORY_NANOS}. */
    private boolean stoppingNow(SocketAddress upstream) {
        Stopping seen = stopping.get(upstream);
        return seen != null && System.nanoTime() - seen.lastSeen() < STOPPING_MEMORY_NANOS;
    }

    private HttpClient pool(SocketAddress upstream) {
        return pools.computeIfAbsent(upstream, address -> vertx.createHttpClient(clientOptions));
    }

    private void send(Exchange exchange, HttpClientRequest upstream, long sentAt) {
        HttpServerRequest request = exchange.request();
        forwardHeaders(request, upstream, exchange.forwardedPrefix());
        upstream.headers().set(TRACEPARENT, exchange.traceparent());
        if (exchange.body() == null) {
            // Streamed: once a byte of the body is read it cannot be sent again.
            upstream.send(request)
                    .onSuccess(upstreamResponse -> {
                        heard(exchange.upstream(), upstreamResponse, sentAt);
                        relay(request.response(), upstreamResponse);
                    })
                    .onFailure(failure -> lost(exchange, "failed to answer: " + failure.getMessage()));
            return;
        }
        boolean noBody = exchange.body().length() == 0 && request.getHeader(HttpHeaders.CONTENT_LENGTH) == null;
        Future<Void> written = noBody ? upstream.end() : upstream.end(exchange.body());
        upstream.response()
                .onSuccess(upstreamResponse -> answered(exchange, upstreamResponse, sentAt))
                .onFailure(failure -> written.onComplete(write -> {
                    String reason = failure.getMessage();
                    if (write.failed()) {
                        // The connection went before the whole request was on it: the service cannot have
                        // processed it (a pooled connection the service had just closed, a service stopping).
                        notDelivered(exchange, "closed the connection before taking the request: " + reason);
                    } else if (Retries.idempotent(request.method().name())) {
                        notDelivered(exchange, "closed the connection before answering: " + reason);
                    } else if (stoppingSince(exchange.upstream(), sentAt)) {
                        // Sent after the service said it was stopping, and dropped without a byte of answer: its
                        // server closed as the request came in (it drops what arrives then), it was not processed.
                        notDelivered(exchange, "closed the connection while stopping: " + reason);
                    } else {
                        // Delivered, maybe processed: sending it again might do it twice.
                        lost(exchange, "closed the connection before answering: " + reason);
                    }
                }));
    }

    private void answered(Exchange exchange, HttpClientResponse upstreamResponse, long sentAt) {
        boolean refused = refusedUnprocessed(upstreamResponse);
        heard(exchange.upstream(), upstreamResponse, sentAt);
        if (refused && mayTryAgain(exchange)) {
            upstreamResponse.body(); // read and dropped; the service closes this connection
            again(exchange);
            return;
        }
        relay(exchange.request().response(), upstreamResponse);
    }

    private static boolean refusedUnprocessed(HttpClientResponse upstreamResponse) {
        return upstreamResponse.statusCode() == 503 && upstreamResponse.getHeader(NotProcessed.HEADER) != null;
    }

    /** What an answer says of its upstream: stopping ({@link #stopping}), or serving again. */
    private void heard(SocketAddress upstream, HttpClientResponse upstreamResponse, long sentAt) {
        String connection = upstreamResponse.getHeader(HttpHeaders.CONNECTION);
        boolean leaving = NotProcessed.SHUTTING_DOWN.equals(upstreamResponse.getHeader(NotProcessed.HEADER))
                || connection != null && connection.toLowerCase(Locale.ROOT).contains("close");
        long now = System.nanoTime();
        if (!leaving) {
            stopping.computeIfPresent(upstream, (address, seen) -> sentAt >= seen.since() ? null : seen);
            return;
        }
        AtomicBoolean began = new AtomicBoolean();
        stopping.compute(upstream, (address, seen) -> {
            if (seen == null || now - seen.lastSeen() >= STOPPING_MEMORY_NANOS) {
                began.set(true);
                return new Stopping(now, now);
            }
            return new Stopping(seen.since(), now);
        });
        if (began.get()) {
            renewPool(upstream);
        }
    }

    /** A connection refused while the upstream was stopping: it has gone and is not back yet. */
    private void stillStopping(SocketAddress upstream) {
        long now = System.nanoTime();
        stopping.computeIfPresent(upstream, (address, seen) -> now - seen.lastSeen() < STOPPING_MEMORY_NANOS
                ? new Stopping(seen.since(), now) : null);
    }

    /**
     * New requests to {@code upstream} go on new connections from now on; the old pool's connections are not written
     * into again (what they carry now finishes on them) and it is closed a while later.
     */
    private void renewPool(SocketAddress upstream) {
        HttpClient old = pools.put(upstream, vertx.createHttpClient(clientOptions));
        if (old != null) {
            retired.add(old);
            vertx.setTimer(RETIRED_POOL_CLOSES_AFTER_MILLIS, timer -> {
                if (retired.remove(old)) {
                    old.close();
                }
            });
        }
    }

    /** The upstream had said it was stopping when this request was sent, and has not been heard otherwise since. */
    private boolean stoppingSince(SocketAddress upstream, long sentAt) {
        Stopping seen = stopping.get(upstream);
        return seen != null && seen.since() <= sentAt && System.nanoTime() - seen.lastSeen() < STOPPING_MEMORY_NANOS;
    }

    /** The service cannot have acted on the request: send it again while time is left. */
    private void notDelivered(Exchange exchange, String reason) {
        if (mayTryAgain(exchange)) {
            again(exchange);
        } else {
            lost(exchange, reason);
        }
    }

    private boolean mayTryAgain(Exchange exchange) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backOffMillis(exchange.attempt()))
                < exchange.deadline() && !exchange.request().response().closed();
    }

    private void again(Exchange exchange) {
        // Another instance, if the service has one: what this one could not take, a sibling may.
        vertx.setTimer(backOffMillis(exchange.attempt()),
                timer -> attempt(exchange.next(choose(exchange.service(), exchange.upstream()))));
    }

    /** 50 ms after the first attempt, doubling up to a second: a restarting service is found within a second. */
    private static long backOffMillis(int attempt) {
        return Math.min(1000, 50L << Math.min(attempt - 1, 5));
    }

    private void lost(Exchange exchange, String reason) {
        HttpServerRequest request = exchange.request();
        if (request.response().headWritten()) {
            request.response().reset();
            return;
        }
        if (exchange.body() == null) {
            request.resume();
        }
        String attempts = exchange.attempt() == 1 ? "" : " (" + exchange.attempt() + " attempts)";
        error(request, 503, exchange.service() + " " + reason + attempts, exchange.service());
    }

    private static void forwardHeaders(HttpServerRequest request, HttpClientRequest upstream,
                                       String forwardedPrefix) {
        copyHeaders(request.headers(), upstream.headers());
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
    }

    private static void relay(HttpServerResponse response, HttpClientResponse upstreamResponse) {
        response.setStatusCode(upstreamResponse.statusCode());
        response.setStatusMessage(upstreamResponse.statusMessage());
        copyHeaders(upstreamResponse.headers(), response.headers());
        response.send(upstreamResponse).onFailure(failure -> response.reset());
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
                .put("title", status == 404 ? "Not Found" : status == 400 ? "Bad Request" : "Service Unavailable")
                .put("detail", message)
                .put("path", request.path());
        if (service != null) {
            body.put("service", service.moduleName());
        }
        HttpServerResponse response = request.response();
        if (response.ended() || response.closed()) {
            return;
        }
        if (status == 503) {
            response.putHeader(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS);
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
            pools.values().forEach(HttpClient::close);
            retired.forEach(HttpClient::close);
        }
    }
}

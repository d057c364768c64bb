package pl.ksefhub.deploy.edge;

import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import pl.ksefhub.deploy.services.Service;

/**
 * The edge on its own, as its container image runs it (deploy/k8s): the same {@link EdgeRoutes} table as the local
 * stack, so that the Ingress and the HTTPRoute in front of it only send everything here.
 *
 * <p>Environment: {@code KSEF_EDGE_PORT} (default 8080) and, per service, {@code KSEF_EDGE_<SERVICE>_UPSTREAM} as
 * {@code host:port} (e.g. {@code KSEF_EDGE_SESSION_SERVICE_UPSTREAM}, default {@code session-service:80}, the
 * Kubernetes Service of that name), {@code KSEF_EDGE_LOG_JSON=true} for an access log of JSON lines (on standard
 * output, as the container's log); {@code KSEF_EDGE_RETRY_FOR} and {@code KSEF_EDGE_RETRY_MAX_BODY} as
 * {@link Retries} says.
 */
public final class EdgeMain {

    private EdgeMain() {
    }

    public static void main(String[] args) throws InterruptedException {
        Map<String, String> env = System.getenv();
        int port = Integer.parseInt(env.getOrDefault("KSEF_EDGE_PORT", "8080"));
        Map<Service, SocketAddress> upstreams = upstreams(env);
        Vertx vertx = Vertx.vertx();
        // Standard output, as the container's logs: JSON lines with KSEF_EDGE_LOG_JSON=true.
        EdgeAccessLog accessLog = EdgeAccessLog.to(System.out, EdgeAccessLog.jsonFrom(env));
        EdgeProxy proxy = EdgeProxy.startForwardingTo(vertx, "0.0.0.0", port, upstreams,
                Retries.fromEnvironment(env), accessLog);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            proxy.close();
            accessLog.close();
            vertx.close().toCompletionStage().toCompletableFuture().join();
            stopped.countDown();
        }, "edge-shutdown"));
        System.out.println("ksef-hub edge listening on port " + proxy.port() + ", upstreams " + upstreams);
        stopped.await();
    }

    /** The upstream of each service from {@code KSEF_EDGE_<SERVICE>_UPSTREAM}, else its Kubernetes Service. */
    static Map<Service, SocketAddress> upstreams(Map<String, String> env) {
        Map<Service, SocketAddress> upstreams = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            String value = env.getOrDefault(upstreamVariable(service), service.moduleName() + ":80");
            int colon = value.lastIndexOf(':');
            if (colon <= 0 || colon == value.length() - 1) {
                throw new IllegalArgumentException(upstreamVariable(service) + " must be host:port, not " + value);
            }
            upstreams.put(service, SocketAddress.inetSocketAddress(Integer.parseInt(value.substring(colon + 1)),
                    value.substring(0, colon)));
        }
        return upstreams;
    }

    /** {@code KSEF_EDGE_SESSION_SERVICE_UPSTREAM} for session-service. */
    public static String upstreamVariable(Service service) {
        return "KSEF_EDGE_" + service.moduleName().toUpperCase(Locale.ROOT).replace('-', '_') + "_UPSTREAM";
    }
}

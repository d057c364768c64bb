package pl.ksefhub.platform.shutdown;

import io.quarkus.runtime.ShutdownDelayInitiatedEvent;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.vertx.http.runtime.filters.Filters;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConnector;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;
import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.spi.Connector;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.outbox.OutboxRelay;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * What SIGTERM does in every service, one step after the other, each bounded (README, "Graceful shutdown"):
 * <ol>
 *   <li>Readiness goes DOWN at once (Quarkus' own "Graceful Shutdown" check, {@code quarkus.shutdown.delay-enabled})
 *       and the instance stops its heartbeats; for {@code quarkus.shutdown.delay} requests are still served, with
 *       {@code Connection: close} (those in flight at SIGTERM too), while Kubernetes takes the pod out of its
 *       Service and the edge stops reusing its connections.</li>
 *   <li>Then every new request is refused, unprocessed, with 503, {@code Retry-After} and {@link NotProcessed#HEADER}
 *       (the edge sends such a request again, to another replica or to this service once restarted, whatever its
 *       method), and Quarkus waits up to {@code quarkus.shutdown.timeout} for the requests in flight. Then it
 *       closes the HTTP server and every connection it still holds, idle keep-alive ones included (an edge that
 *       wrote into one just then gets no answer: hence the {@code Connection: close} before).</li>
 *   <li>{@link ShutdownEvent}, first: the Kafka consumers stop polling, finish the records they hold, commit them
 *       and leave their groups, so their partitions move to the other members at once
 *       ({@code ksef.shutdown.consumers-timeout}).</li>
 *   <li>The background workers stop (their own {@code ShutdownEvent} observers, at the default priority).</li>
 *   <li>{@link ShutdownEvent}, last: the outbox relay publishes what the requests, consumers and workers left
 *       pending, then closes its producer ({@code ksef.shutdown.relay-timeout}).</li>
 *   <li>Quarkus closes the database pool and Vert.x.</li>
 * </ol>
 * Nothing that was accepted is lost on the way: what a step cannot finish in time stays in the database (an outbox
 * row, an uncommitted offset) for the next instance.
 */
@ApplicationScoped
public class GracefulShutdown {

    private static final Logger LOG = Logger.getLogger(GracefulShutdown.class);
    private static final Duration PAUSE_TIMEOUT = Duration.ofSeconds(2);
    private static final String REFUSED = "{\"status\":503,\"title\":\"Service Unavailable\","
            + "\"detail\":\"The service is stopping; the request was not processed. Send it again.\"}";

    private final KafkaClientService clients;
    private final KafkaConnector kafka;
    private final OutboxRelay relay;
    private final GracefulShutdownConfig config;
    private final Duration delay;
    private volatile boolean stopping;
    private volatile boolean refusing;

    public GracefulShutdown(KafkaClientService clients, @Connector("smallrye-kafka") KafkaConnector kafka,
                            OutboxRelay relay, GracefulShutdownConfig config,
                            @ConfigProperty(name = "quarkus.shutdown.delay") Optional<Duration> delay) {
        this.clients = clients;
        this.kafka = kafka;
        this.relay = relay;
        this.config = config;
        this.delay = delay.orElse(Duration.ZERO);
    }

    /** True from SIGTERM on: an instance on its way out says nothing more about its health. */
    public boolean stopping() {
        return stopping;
    }

    void register(@Observes Filters filters) {
        // Ahead of everything, the body limit included: a refused request is not read at all.
        filters.register(this::refuseWhenStopping, 20_000);
    }

    /** Step 1: Quarkus has just set readiness DOWN and now serves requests for the delay. */
    void delayStarted(@Observes ShutdownDelayInitiatedEvent event) {
        stopping = true;
        LOG.infof("Shutting down: readiness DOWN, requests still served for %s", delay);
        CompletableFuture.runAsync(this::refuseNewRequests,
                CompletableFuture.delayedExecutor(delay.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** Step 3; Quarkus has waited for the requests in flight (step 2). */
    void stopConsumers(@Observes @Priority(1) ShutdownEvent event) {
        stopping = true;
        refuseNewRequests();
        long start = System.nanoTime();
        // All at once: each pause waits for its consumer's polling thread, which may be in a poll for a while.
        List<Uni<Void>> pauses = new ArrayList<>();
        for (String channel : clients.getConsumerChannels()) {
            for (KafkaConsumer<Object, Object> consumer : clients.getConsumers(channel)) {
                pauses.add(consumer.pause().replaceWithVoid().onFailure().recoverWithNull());
            }
        }
        try {
            Uni.join().all(pauses).andCollectFailures().await().atMost(PAUSE_TIMEOUT);
        } catch (RuntimeException e) {
            LOG.debugf("Not every consumer paused within %s: %s", PAUSE_TIMEOUT, e.getMessage());
        }
        // The connector's own termination, early: it waits for the records in processing, commits what was
        // processed and closes each consumer (which leaves its group). Its second call, when CDI ends, finds all
        // closed.
        CompletableFuture<Void> terminated = CompletableFuture.runAsync(() -> kafka.terminate(null));
        try {
            terminated.get(config.consumersTimeout().toMillis(), TimeUnit.MILLISECONDS);
            LOG.infof("Kafka consumers committed and left their groups in %d ms", millisSince(start));
        } catch (TimeoutException e) {
            LOG.warnf("Kafka consumers not closed within %s: the uncommitted records go to the next member",
                    config.consumersTimeout());
        } catch (ExecutionException e) {
            LOG.warnf("Kafka consumers not closed cleanly: %s", String.valueOf(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Step 5: after every other observer, so that whatever they wrote in the outbox goes out too. */
    void flushOutbox(@Observes @Priority(Integer.MAX_VALUE - 1) ShutdownEvent event) {
        long start = System.nanoTime();
        int published = relay.drain(config.relayTimeout());
        LOG.infof("Outbox relay published %d pending rows and stopped in %d ms", published, millisSince(start));
    }

    private void refuseNewRequests() {
        if (!refusing) {
            refusing = true;
            LOG.info("Shutting down: new requests are refused (503, not processed)");
        }
    }

    void refuseWhenStopping(RoutingContext context) {
        // The probes and metrics still answer: readiness is what tells Kubernetes.
        if (!refusing || context.request().path().startsWith("/q/")) {
            // Quarkus says Connection: close only on requests that begin after SIGTERM; one in flight then says it
            // too, so that the edge takes no connection of this instance's back into its pool: the HTTP server
            // closes them all once the requests have drained, and a request written into one at that moment would
            // be lost without an answer.
            context.addHeadersEndHandler(ignored -> {
                if (stopping) {
                    context.response().headers().set(HttpHeaders.CONNECTION, "close");
                }
            });
            context.next();
            return;
        }
        // The body is read (and dropped) first: closing a connection with unread bytes in it resets it, and the
        // reset can take the 503 with it, which the sender would then count as a request delivered and lost.
        // The router may hold the request paused for a body handler further on: nothing further reads it now.
        context.request().resume();
        context.request().end().onComplete(read -> {
            if (!context.response().ended() && !context.response().closed()) {
                context.response().setStatusCode(503)
                        .putHeader(HttpHeaders.RETRY_AFTER, "1")
                        .putHeader(NotProcessed.HEADER, NotProcessed.SHUTTING_DOWN)
                        .putHeader(HttpHeaders.CONNECTION, "close")
                        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
                        .end(REFUSED);
            }
        });
    }

    private static long millisSince(long start) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }
}

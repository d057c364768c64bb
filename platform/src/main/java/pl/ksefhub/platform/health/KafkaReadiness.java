package pl.ksefhub.platform.health;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Ready only when the broker answers and every Kafka consumer of the service has joined its consumer group (its
 * partitions are assigned): a service that cannot publish its outbox or read its events is not ready. Before the
 * join, an event published now (a session opened at the ready signal) would wait for the rebalance, and a client
 * that uses the session at once would meet 21173 (unknown session). Once joined, a consumer stays counted as
 * joined: a later rebalance is a pause, not a restart.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final String bootstrapServers;
    private final KafkaClientService clients;
    private final Set<String> joined = ConcurrentHashMap.newKeySet();
    private Admin admin;

    public KafkaReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                          KafkaClientService clients) {
        this.bootstrapServers = bootstrapServers;
        this.clients = clients;
    }

    @Override
    public synchronized HealthCheckResponse call() {
        try {
            if (admin == null) {
                admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000));
            }
            int nodes = admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000)).nodes()
                    .get(3, TimeUnit.SECONDS).size();
            TreeSet<String> waiting = waitingForAssignment();
            HealthCheckResponseBuilder response = HealthCheckResponse.named("kafka")
                    .status(nodes > 0 && waiting.isEmpty()).withData("nodes", nodes);
            if (!waiting.isEmpty()) {
                response.withData("waiting for partitions", String.join(", ", waiting));
            }
            return response.build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    /** The consumer channels not yet through their first group join. */
    private TreeSet<String> waitingForAssignment() {
        TreeSet<String> waiting = new TreeSet<>();
        for (String channel : clients.getConsumerChannels()) {
            if (joined.contains(channel)) {
                continue;
            }
            List<KafkaConsumer<Object, Object>> consumers = clients.getConsumers(channel);
            boolean all = !consumers.isEmpty();
            for (KafkaConsumer<Object, Object> consumer : consumers) {
                // The generation is -1 until the group coordinator has assigned this member its partitions
                // (possibly none, with more replicas than partitions): the join, not the count, is what counts.
                Function<Consumer<Object, Object>, Integer> generationOf = c -> c.groupMetadata().generationId();
                Integer generation = consumer.runOnPollingThread(generationOf).await().atMost(Duration.ofSeconds(3));
                all &= generation != null && generation > 0;
            }
            if (all) {
                joined.add(channel);
            } else {
                waiting.add(channel);
            }
        }
        return waiting;
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}

package pl.ksefhub.platform.health;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Ready only when the broker answers: a service that cannot publish its outbox or read its events is not ready,
 * even when its consumers have not subscribed yet.
 */
@Readiness
@ApplicationScoped
public class KafkaReadiness implements HealthCheck {

    private final String bootstrapServers;
    private Admin admin;

    public KafkaReadiness(@ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
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
            return HealthCheckResponse.named("kafka").status(nodes > 0).withData("nodes", nodes).build();
        } catch (Exception e) {
            return HealthCheckResponse.named("kafka").down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    @PreDestroy
    synchronized void close() {
        if (admin != null) {
            admin.close();
        }
    }
}

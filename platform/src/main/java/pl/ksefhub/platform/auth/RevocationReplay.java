package pl.ksefhub.platform.auth;

import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Not ready until this instance has read {@code ksef.auth.revocations} up to where it ended when first asked: a
 * new replica would otherwise accept, for its first moments, access tokens of authentication sessions revoked before
 * it started. Once caught up it stays so (later revocations arrive live; a broker outage is
 * {@code KafkaReadiness}'s to report).
 *
 * <p>Caught up means the consumer's position has passed the end offsets of every partition. The records before it
 * have then been fetched and are handed to {@link AuthRevocationConsumer} within milliseconds.
 */
@Readiness
@ApplicationScoped
public class RevocationReplay implements HealthCheck {

    private static final String NAME = "auth-revocations-replayed";
    private static final Duration WAIT = Duration.ofSeconds(3);

    private final KafkaClientService clients;
    private volatile boolean replayed;
    private Map<TopicPartition, Long> target;

    public RevocationReplay(KafkaClientService clients) {
        this.clients = clients;
    }

    @Override
    public synchronized HealthCheckResponse call() {
        if (replayed) {
            return HealthCheckResponse.up(NAME);
        }
        KafkaConsumer<Object, Object> consumer = clients.getConsumer(AuthRevocationConsumer.CHANNEL);
        if (consumer == null) {
            return HealthCheckResponse.named(NAME).down().withData("reason", "not subscribed yet").build();
        }
        try {
            if (target == null) {
                List<TopicPartition> partitions = consumer.partitionsFor(AuthRevocationConsumer.TOPIC)
                        .await().atMost(WAIT).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                Function<Consumer<Object, Object>, Map<TopicPartition, Long>> endOffsets =
                        c -> c.endOffsets(partitions, WAIT);
                target = consumer.runOnPollingThread(endOffsets).await().atMost(WAIT.multipliedBy(2));
            }
            Map<TopicPartition, Long> positions = consumer.getPositions().await().atMost(WAIT);
            long behind = behind(target, positions);
            if (behind == 0) {
                replayed = true;
                return HealthCheckResponse.up(NAME);
            }
            return HealthCheckResponse.named(NAME).down().withData("recordsBehind", behind).build();
        } catch (RuntimeException e) {
            return HealthCheckResponse.named(NAME).down().withData("error", String.valueOf(e.getMessage())).build();
        }
    }

    /**
     * How far the positions are from the end offsets, summed; a partition not assigned yet counts as all of its
     * end offset behind (at least 1, so that an empty but unassigned partition still means "not yet").
     */
    static long behind(Map<TopicPartition, Long> endOffsets, Map<TopicPartition, Long> positions) {
        long behind = 0;
        for (Map.Entry<TopicPartition, Long> end : endOffsets.entrySet()) {
            Long position = positions.get(end.getKey());
            behind += position == null ? Math.max(1, end.getValue()) : Math.max(0, end.getValue() - position);
        }
        return behind;
    }
}

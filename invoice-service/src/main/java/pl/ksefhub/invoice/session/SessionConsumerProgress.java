package pl.ksefhub.invoice.session;

import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.kafka.KafkaClientService;
import io.smallrye.reactive.messaging.kafka.KafkaConsumer;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.jboss.logging.Logger;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Whether invoice-service's consumers of {@code ksef.session.events} (all replicas: the group's committed offsets)
 * have caught up with the topic: every partition's committed offset at its end offset. Behind means a session
 * opened at session-service may simply not have reached us yet (after a restart, a broker outage, a pause).
 * Anything that cannot be told (the consumer not started, the broker away) counts as behind.
 */
@ApplicationScoped
public class SessionConsumerProgress {

    private static final Logger LOG = Logger.getLogger(SessionConsumerProgress.class);
    private static final String CHANNEL = "session-events";
    private static final String TOPIC = "ksef.session.events";
    private static final Duration ASK = Duration.ofSeconds(2);

    private final KafkaClientService clients;

    public SessionConsumerProgress(KafkaClientService clients) {
        this.clients = clients;
    }

    public Uni<Boolean> caughtUp() {
        KafkaConsumer<Object, Object> consumer;
        try {
            consumer = clients.getConsumer(CHANNEL);
        } catch (RuntimeException e) {
            return Uni.createFrom().item(false);
        }
        if (consumer == null) {
            return Uni.createFrom().item(false);
        }
        return consumer.runOnPollingThread(c -> {
                    Set<TopicPartition> partitions = c.partitionsFor(TOPIC, ASK).stream()
                            .map(p -> new TopicPartition(TOPIC, p.partition())).collect(Collectors.toSet());
                    Map<TopicPartition, Long> end = c.endOffsets(partitions, ASK);
                    Map<TopicPartition, OffsetAndMetadata> committed = c.committed(partitions, ASK);
                    List<TopicPartition> behind = partitions.stream().filter(tp -> {
                        OffsetAndMetadata done = committed.get(tp);
                        return (done == null ? 0 : done.offset()) < end.getOrDefault(tp, 0L);
                    }).toList();
                    if (!behind.isEmpty()) {
                        LOG.debugf("Session consumer behind on %s", behind);
                    }
                    return behind.isEmpty();
                })
                .ifNoItem().after(ASK.multipliedBy(3)).recoverWithItem(false)
                .onFailure().recoverWithItem(false);
    }
}

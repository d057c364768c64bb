package pl.ksefhub.deploy.kafka;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import pl.ksefhub.deploy.StackException;

/** The platform's topics (docs/EVENTS.md): created by the stack, never by the broker's auto-create. */
public final class KafkaTopics {

    /** The event topics, each with a {@code .dlq} twin for poison events. */
    public static final List<String> EVENT_TOPICS =
            List.of("ksef.session.events", "ksef.invoice.events", "ksef.upo.events", "ksef.submissions");

    /** Every topic the stack creates: the event topics and their dead-letter twins. */
    public static final List<String> ALL = EVENT_TOPICS.stream()
            .flatMap(topic -> Stream.of(topic, topic + ".dlq"))
            .toList();

    private static final int PARTITIONS = 3;
    private static final short REPLICATION_FACTOR = 1;

    private KafkaTopics() {
    }

    /**
     * Creates whichever of {@link #ALL} are missing (3 partitions, replication factor 1). Waits, within
     * {@code timeout}, for a broker that is still starting.
     *
     * @return the topics that were created now; empty when all existed already
     */
    public static List<String> ensure(String bootstrapServers, Duration timeout) {
        try (Admin admin = Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.CLIENT_ID_CONFIG, "ksef-hub-launcher",
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) timeout.toMillis(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000))) {
            Set<String> existing = admin.listTopics().names().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            List<String> missing = ALL.stream().filter(topic -> !existing.contains(topic)).toList();
            if (!missing.isEmpty()) {
                create(admin, missing, timeout);
            }
            return missing;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while creating Kafka topics", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new StackException("Could not create Kafka topics on " + bootstrapServers + ": " + rootMessage(e), e);
        }
    }

    private static void create(Admin admin, List<String> topics, Duration timeout)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<NewTopic> newTopics = topics.stream()
                .map(topic -> new NewTopic(topic, PARTITIONS, REPLICATION_FACTOR))
                .toList();
        try {
            admin.createTopics(newTopics).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // Another client created one in between: the topic exists, which is all we want.
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw e;
            }
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getClass().getSimpleName() + ": " + root.getMessage();
    }
}

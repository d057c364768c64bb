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
            List.of("ksef.session.events", "ksef.invoice.events", "ksef.upo.events", "ksef.submissions",
                    "ksef.recurring.events");

    /**
     * Revoked authentication sessions ({@code ksef.auth.session-revoked.v1}), read from the beginning by every
     * service instance. No {@code .dlq} twin: its reader skips what it cannot read.
     */
    public static final String AUTH_REVOCATIONS = "ksef.auth.revocations";

    /**
     * Rate limits set per context ({@code ksef.ratelimit.settings-changed.v1}), read from the beginning by every
     * service instance. No {@code .dlq} twin: its reader skips what it cannot read.
     */
    public static final String RATELIMIT_SETTINGS = "ksef.ratelimit.settings";

    /**
     * Every service instance's heartbeat ({@code ksef.platform.heartbeat.v1}), read by session-service for the
     * availability status. Ephemeral: no {@code .dlq} twin, kept one hour.
     */
    public static final String HEARTBEATS = "ksef.platform.heartbeats";

    /**
     * Topic settings beyond the broker's defaults, set at creation. Revocations are kept 7 days (a refresh token's
     * lifetime, the longest a revoked session's tokens can matter) and compacted by key (one record per session).
     */
    public static final Map<String, Map<String, String>> CONFIGS = Map.of(AUTH_REVOCATIONS,
            Map.of("cleanup.policy", "compact,delete", "retention.ms", Long.toString(Duration.ofDays(7).toMillis())),
            // Each context's latest rate limits, kept for good: compacted by key (the context) and nothing more.
            RATELIMIT_SETTINGS, Map.of("cleanup.policy", "compact"),
            // Only the newest heartbeats matter: one hour, in segments small enough to be deleted on time.
            HEARTBEATS, Map.of("retention.ms", Long.toString(Duration.ofHours(1).toMillis()),
                    "segment.ms", Long.toString(Duration.ofMinutes(10).toMillis())));

    /**
     * Every topic the stack creates: the event topics, their dead-letter twins, revocations, rate limits,
     * heartbeats.
     */
    public static final List<String> ALL = Stream.concat(EVENT_TOPICS.stream()
                    .flatMap(topic -> Stream.of(topic, topic + ".dlq")),
                    Stream.of(AUTH_REVOCATIONS, RATELIMIT_SETTINGS, HEARTBEATS))
            .toList();

    private static final int PARTITIONS = 3;
    private static final short REPLICATION_FACTOR = 1;

    private KafkaTopics() {
    }

    /**
     * Creates whichever of {@link #ALL} are missing (3 partitions, replication factor 1, {@link #CONFIGS}). Waits,
     * within {@code timeout}, for a broker that is still starting.
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
                .map(topic -> new NewTopic(topic, PARTITIONS, REPLICATION_FACTOR)
                        .configs(CONFIGS.getOrDefault(topic, Map.of())))
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

package pl.ksefhub.platform.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;

import java.util.EnumMap;
import java.util.Map;

/**
 * Feeds {@link RateLimitSettings} from session-service's {@code ksef.ratelimit.settings-changed.v1} on the compacted
 * topic {@code ksef.ratelimit.settings} (key = the context), in every service that has the platform on its classpath.
 * The channel is configured once, in the platform's {@code META-INF/microprofile-config.properties}: a consumer
 * group of its own per running instance, from the beginning, committing nothing, so every replica applies every
 * context's latest values, also one that starts later. Per-key order on the topic keeps the latest change last.
 *
 * <p>An in-memory consumer ({@link EventConsumer#consumeInMemory}): the effect is in memory and idempotent, so no
 * {@code processed_event}; a record it cannot read is logged and skipped (every replica would dead-letter it again).
 */
@ApplicationScoped
public class RateLimitSettingsConsumer {

    public static final String CHANNEL = "ratelimit-settings";
    public static final String TOPIC = "ksef.ratelimit.settings";
    public static final String SETTINGS_CHANGED = "ksef.ratelimit.settings-changed.v1";

    private static final Logger LOG = Logger.getLogger(RateLimitSettingsConsumer.class);

    private final RateLimitSettings settings;
    private final RateLimits limits;

    private final EventConsumer consumer;

    public RateLimitSettingsConsumer(RateLimitSettings settings, RateLimits limits, EventConsumer consumer) {
        this.settings = settings;
        this.limits = limits;
        this.consumer = consumer;
    }

    /** The fields read here; the publisher's schema is in session-service's {@code events/} folder. */
    record SettingsChanged(Context context, Map<String, RateLimitValues> rateLimits) {
    }

    record Context(String type, String value) {
    }

    @Incoming(CHANNEL)
    public void onSettings(ConsumerRecord<String, String> record) {
        consumer.consumeInMemory(record, RateLimitSettingsConsumer::read, changed -> {
            String context = RateLimitSettings.contextKey(changed.context().type(), changed.context().value());
            settings.set(context, groups(changed.rateLimits()));
            limits.contextChanged(context);
            LOG.debugf("Rate limits of %s: %s", context, changed.rateLimits() == null ? "defaults"
                    : changed.rateLimits());
        });
    }

    private static SettingsChanged read(EventEnvelope event) {
        if (!SETTINGS_CHANGED.equals(event.type())) {
            return null;
        }
        SettingsChanged changed = event.as(SettingsChanged.class);
        if (changed.context() == null || changed.context().type() == null || changed.context().value() == null) {
            throw new EventEnvelope.MalformedEventException("context.type and context.value are required");
        }
        groups(changed.rateLimits()); // checked here, before any effect
        return changed;
    }

    /** Groups this version does not know are left out (tolerant reader); none at all means the defaults. */
    private static Map<RateLimitGroup, RateLimitValues> groups(Map<String, RateLimitValues> byName) {
        Map<RateLimitGroup, RateLimitValues> groups = new EnumMap<>(RateLimitGroup.class);
        if (byName != null) {
            byName.forEach((name, values) -> RateLimitGroup.bySpecName(name)
                    .filter(RateLimitGroup::perContext)
                    .ifPresent(group -> {
                        if (values == null) {
                            throw new EventEnvelope.MalformedEventException("no values for " + name);
                        }
                        groups.put(group, values);
                    }));
        }
        return groups;
    }
}

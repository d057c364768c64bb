package pl.ksefhub.platform.ratelimit;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The thresholds in force: this environment's defaults (configuration) and, per context, the values set through
 * {@code /testdata/rate-limits} as announced on {@code ksef.ratelimit.settings}.
 */
@ApplicationScoped
public class RateLimitSettings {

    private final Map<RateLimitGroup, RateLimitValues> defaults;
    private final Map<String, Map<RateLimitGroup, RateLimitValues>> perContext = new ConcurrentHashMap<>();

    public RateLimitSettings(RateLimitConfig config) {
        this.defaults = defaults(config);
    }

    /** The key of a context in counters and settings, e.g. {@code Nip:5265877635}. */
    public static String contextKey(String type, String value) {
        return type + ":" + value;
    }

    /** The environment's defaults, every group. */
    public Map<RateLimitGroup, RateLimitValues> defaults() {
        return defaults;
    }

    /** What applies to a group in a context (the context's own values, else the default). */
    public RateLimitValues effective(RateLimitGroup group, String context) {
        Map<RateLimitGroup, RateLimitValues> own = group.perContext() ? perContext.get(context) : null;
        RateLimitValues value = own == null ? null : own.get(group);
        return value != null ? value : defaults.get(group);
    }

    /** The context's own values as last announced, if any. */
    public Optional<Map<RateLimitGroup, RateLimitValues>> ofContext(String context) {
        return Optional.ofNullable(perContext.get(context));
    }

    /** Gives the context its own values; empty or null: back to the defaults. */
    public void set(String context, Map<RateLimitGroup, RateLimitValues> values) {
        if (values == null || values.isEmpty()) {
            perContext.remove(context);
        } else {
            perContext.put(context, Collections.unmodifiableMap(new EnumMap<>(values)));
        }
    }

    private static Map<RateLimitGroup, RateLimitValues> defaults(RateLimitConfig config) {
        if (config.multiplier() < 1) {
            throw new IllegalArgumentException("ksef.rate-limits.multiplier must be at least 1");
        }
        Map<RateLimitGroup, RateLimitValues> values = new EnumMap<>(RateLimitGroup.class);
        for (RateLimitGroup group : RateLimitGroup.values()) {
            values.put(group, group.production().times(config.multiplier()));
        }
        config.groups().forEach((name, configured) -> {
            RateLimitGroup group = RateLimitGroup.byConfigName(name).orElseThrow(() -> new IllegalArgumentException(
                    "ksef.rate-limits.groups." + name + ": no such rate-limit group; the groups are those of"
                            + " GET /rate-limits, and public"));
            RateLimitValues scaled = values.get(group);
            values.put(group, new RateLimitValues(configured.perSecond().orElse(scaled.perSecond()),
                    configured.perMinute().orElse(scaled.perMinute()), configured.perHour().orElse(scaled.perHour())));
        });
        return Collections.unmodifiableMap(values);
    }
}

package pl.ksefhub.session.ratelimit;

import pl.ksefhub.platform.identifiers.ContextIdentifier;
import java.time.OffsetDateTime;
import java.util.Map;

/**
 * Rate limits set for a context, announced to every replica of every service on the compacted topic
 * {@code ksef.ratelimit.settings} (key = the context, e.g. {@code Nip:5265877635}, so the topic keeps each context's
 * latest values); schema in {@code resources/events/}. The platform's {@code RateLimitSettingsConsumer} applies them.
 */
public final class RateLimitEvents {

    public static final String TOPIC = "ksef.ratelimit.settings";
    public static final String SETTINGS_CHANGED = "ksef.ratelimit.settings-changed.v1";

    /** What was asked for: own values, the production profile, or back to the environment's defaults. */
    public static final String CUSTOM = "custom";
    public static final String PRODUCTION = "production";
    public static final String DEFAULTS = "defaults";

    private RateLimitEvents() {
    }

    public record Values(int perSecond, int perMinute, int perHour) {
    }

    /**
     * @param profile    {@link #CUSTOM}, {@link #PRODUCTION} or {@link #DEFAULTS}
     * @param rateLimits every group's values by the spec's group name; null for {@link #DEFAULTS}
     */
    public record RateLimitSettingsChanged(ContextIdentifier context, String profile, Map<String, Values> rateLimits,
                                           OffsetDateTime changedAt) {
    }

    public static String key(String contextType, String contextValue) {
        return contextType + ":" + contextValue;
    }
}

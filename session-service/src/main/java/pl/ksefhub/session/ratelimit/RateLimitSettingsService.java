package pl.ksefhub.session.ratelimit;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.ratelimit.RateLimitGroup;
import pl.ksefhub.platform.ratelimit.RateLimitSettings;
import pl.ksefhub.platform.ratelimit.RateLimitValues;
import pl.ksefhub.session.ratelimit.RateLimitEvents.RateLimitSettingsChanged;
import pl.ksefhub.session.ratelimit.RateLimitsApi.EffectiveApiRateLimits;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A context's own rate limits (limity-api.md, "Limity na środowiskach"): set, set to production's, reset; each change
 * stored and announced on {@code ksef.ratelimit.settings} in one transaction, from where every replica of every
 * service applies it (within the relay's and the broker's latency, typically well under a second).
 */
@ApplicationScoped
public class RateLimitSettingsService {

    private final RateLimitSettingRepository settings;
    private final RateLimitSettings limits;
    private final Outbox outbox;

    public RateLimitSettingsService(RateLimitSettingRepository settings, RateLimitSettings limits, Outbox outbox) {
        this.settings = settings;
        this.limits = limits;
        this.outbox = outbox;
    }

    /** {@code GET /rate-limits}: the context's own values as stored, else this environment's defaults. */
    @WithSession
    public Uni<EffectiveApiRateLimits> effective(KsefPrincipal principal) {
        return settings.find(principal.contextType(), principal.contextValue())
                .map(own -> {
                    Map<RateLimitGroup, RateLimitValues> values = new EnumMap<>(limits.defaults());
                    own.ifPresent(values::putAll);
                    return EffectiveApiRateLimits.of(values);
                });
    }

    /** {@code POST /testdata/rate-limits}. */
    @WithTransaction
    public Uni<Void> set(KsefPrincipal principal, Map<RateLimitGroup, RateLimitValues> values) {
        return save(principal, RateLimitEvents.CUSTOM, values);
    }

    /** {@code POST /testdata/rate-limits/production}: KSeF's production values for every group. */
    @WithTransaction
    public Uni<Void> production(KsefPrincipal principal) {
        Map<RateLimitGroup, RateLimitValues> values = new EnumMap<>(RateLimitGroup.class);
        for (RateLimitGroup group : RateLimitGroup.values()) {
            if (group.perContext()) {
                values.put(group, group.production());
            }
        }
        return save(principal, RateLimitEvents.PRODUCTION, values);
    }

    /** {@code DELETE /testdata/rate-limits}: back to the environment's defaults. */
    @WithTransaction
    public Uni<Void> reset(KsefPrincipal principal) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return settings.delete(principal.contextType(), principal.contextValue())
                .chain(() -> announce(principal, RateLimitEvents.DEFAULTS, null, now));
    }

    private Uni<Void> save(KsefPrincipal principal, String profile, Map<RateLimitGroup, RateLimitValues> values) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return settings.save(principal.contextType(), principal.contextValue(), profile, values, now)
                .chain(() -> announce(principal, profile, values, now));
    }

    private Uni<Void> announce(KsefPrincipal principal, String profile, Map<RateLimitGroup, RateLimitValues> values,
                               OffsetDateTime at) {
        Map<String, RateLimitEvents.Values> byName = null;
        if (values != null) {
            byName = new LinkedHashMap<>();
            for (Map.Entry<RateLimitGroup, RateLimitValues> entry : values.entrySet()) {
                RateLimitValues v = entry.getValue();
                byName.put(entry.getKey().specName(),
                        new RateLimitEvents.Values(v.perSecond(), v.perMinute(), v.perHour()));
            }
        }
        return outbox.enqueue(RateLimitEvents.TOPIC,
                        RateLimitEvents.key(principal.contextType(), principal.contextValue()),
                        RateLimitEvents.SETTINGS_CHANGED,
                        new RateLimitSettingsChanged(
                                new ContextIdentifier(principal.contextType(), principal.contextValue()),
                                profile, byName, at))
                .replaceWithVoid();
    }
}

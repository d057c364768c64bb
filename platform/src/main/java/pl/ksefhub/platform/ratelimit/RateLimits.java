package pl.ksefhub.platform.ratelimit;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.EnumMap;
import java.util.Map;

/**
 * The service's limiter: the thresholds of {@link RateLimitSettings} applied by one {@link RateLimiter}, with a
 * refusal counter per group ({@code ksef.ratelimit.refused{group=...}}) and the number of clients held
 * ({@code ksef.ratelimit.clients}).
 */
@ApplicationScoped
public class RateLimits {

    private final RateLimitConfig config;
    private final RateLimitSettings settings;
    private final RateLimiter limiter;
    private final Map<RateLimitGroup, Counter> refusals = new EnumMap<>(RateLimitGroup.class);

    public RateLimits(RateLimitConfig config, RateLimitSettings settings, MeterRegistry metrics) {
        this.config = config;
        this.settings = settings;
        RateLimitConfig.Block block = config.block();
        this.limiter = new RateLimiter(() -> System.nanoTime() / 1_000_000,
                new RateLimiter.BlockPolicy(block.growthFactor(), block.max().toMillis(),
                        block.forgetAfter().toMillis()), config.maxClients());
        for (RateLimitGroup group : RateLimitGroup.values()) {
            refusals.put(group, Counter.builder("ksef.ratelimit.refused")
                    .description("Requests refused with 429 Too Many Requests")
                    .tag("group", group.specName())
                    .register(metrics));
        }
        Gauge.builder("ksef.ratelimit.clients", limiter, RateLimiter::clientCount)
                .description("Clients (operation, context, IP) whose windows are held").register(metrics);
    }

    public boolean enabled() {
        return config.enabled();
    }

    /**
     * @param operation e.g. {@code POST /v2/sessions/online}: each operation counts on its own
     * @param context   {@link RateLimitSettings#contextKey}, "" for none (counted per IP)
     */
    public RateLimiter.Decision acquire(RateLimitGroup group, String operation, String context, String ip) {
        String counted = group.perContext() ? context : "";
        RateLimiter.Decision decision = limiter.acquire(new RateLimiter.Client(operation, counted, ip),
                settings.effective(group, counted));
        if (decision instanceof RateLimiter.Refused) {
            refusals.get(group).increment();
        }
        return decision;
    }

    /** New values for a context take effect at once, also for a client blocked under the old ones. */
    public void contextChanged(String context) {
        limiter.liftBlocks(context);
    }

    @Scheduled(every = "${ksef.rate-limits.sweep-interval:1m}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void sweep() {
        limiter.sweep();
    }
}

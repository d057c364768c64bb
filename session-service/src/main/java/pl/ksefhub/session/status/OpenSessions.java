package pl.ksefhub.session.status;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The gauge {@code ksef_sessions_open{type="online"|"batch"}}: sessions in status 100 (open), counted from the
 * database on the partial index of open sessions, so every replica reports the same number whichever opened them.
 * Dashboards take {@code max} over replicas, not {@code sum}.
 */
@ApplicationScoped
public class OpenSessions {

    private static final String COUNT =
            "select session_type, count(*) from ksef_session where status_code = 100 group by session_type";

    private final Pool pool;
    private final Map<String, AtomicLong> open = Map.of(KsefSession.ONLINE, new AtomicLong(),
            KsefSession.BATCH, new AtomicLong());

    public OpenSessions(Pool pool, MeterRegistry metrics) {
        this.pool = pool;
        open.forEach((type, count) -> Gauge.builder("ksef.sessions.open", count, AtomicLong::get)
                .description("Sessions open (status 100)").tag("type", type.toLowerCase(java.util.Locale.ROOT))
                .register(metrics));
    }

    @Scheduled(every = "${ksef.session.open-count-interval:15s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> count() {
        return pool.query(COUNT).execute().invoke(rows -> {
            Map<String, Long> counted = new java.util.HashMap<>();
            rows.forEach(row -> counted.put(row.getString(0), row.getLong(1)));
            open.forEach((type, count) -> count.set(counted.getOrDefault(type, 0L)));
        }).replaceWithVoid();
    }
}

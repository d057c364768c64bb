package pl.ksefhub.platform.retention;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Keeps {@code outbox_event} and {@code processed_event} bounded: published outbox rows and processed-event ids
 * older than {@link RetentionConfig#age} are deleted, a small batch per statement (each its own transaction) until
 * none is left. Unpublished outbox rows are never touched. Safe with several replicas: a row deleted twice is
 * deleted once.
 */
@ApplicationScoped
public class Retention {

    private static final Logger LOG = Logger.getLogger(Retention.class);
    private static final String OUTBOX = "delete from outbox_event where id in (select id from outbox_event"
            + " where sent_at < $1 order by sent_at limit $2)";
    private static final String PROCESSED = "delete from processed_event where (consumer, event_id) in"
            + " (select consumer, event_id from processed_event where processed_at < $1 order by processed_at"
            + " limit $2)";

    private final Pool pool;
    private final RetentionConfig config;

    public Retention(Pool pool, RetentionConfig config) {
        this.pool = pool;
        this.config = config;
    }

    @Scheduled(every = "${ksef.retention.interval:10m}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> scheduled() {
        if (!config.enabled()) {
            return Uni.createFrom().voidItem();
        }
        return sweep().invoke(deleted -> {
            if (deleted > 0) {
                LOG.infof("Retention: %d outbox rows and processed-event ids older than %s deleted", deleted,
                        config.age());
            }
        }).onFailure().invoke(e -> LOG.warnf("Retention sweep failed, next one in %s: %s", config.interval(),
                e.getMessage())).onFailure().recoverWithItem(0).replaceWithVoid();
    }

    /** One sweep of both tables; returns how many rows went. */
    public Uni<Integer> sweep() {
        OffsetDateTime before = OffsetDateTime.now(ZoneOffset.UTC).minus(config.age());
        return drain(OUTBOX, before, 0).chain(outbox -> drain(PROCESSED, before, outbox));
    }

    private Uni<Integer> drain(String sql, OffsetDateTime before, int deletedSoFar) {
        return pool.preparedQuery(sql).execute(Tuple.of(before, config.batchSize()))
                .chain(rows -> rows.rowCount() < config.batchSize()
                        ? Uni.createFrom().item(deletedSoFar + rows.rowCount())
                        : drain(sql, before, deletedSoFar + rows.rowCount()));
    }
}

package pl.ksefhub.platform.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.StartupEvent;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.events.CloudEvents;
import pl.ksefhub.platform.tracing.Traceparents;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Publishes pending outbox rows to Kafka: a whole batch is sent, every ack awaited, then the batch is marked sent in
 * the same database transaction that selected it. One relay per database works at a time (a transaction-scoped
 * advisory lock), which keeps the per-key order with several replicas running. A crash between the acks and the
 * commit re-sends the batch: consumers drop the repeats by {@code ce_id}.
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);
    /** Any constant: the relays of one database agree on it. */
    private static final long RELAY_LOCK = 0x6B736566L;

    private final Pool pool;
    private final OutboxConfig config;
    private final OutboxSignal signal;
    private final String bootstrapServers;
    private final String source;
    private final MeterRegistry metrics;
    /** The backlog as last counted: rows not yet acknowledged by Kafka, and the age of the oldest in seconds. */
    private final AtomicLong backlog = new AtomicLong();
    private final AtomicLong oldestAgeSeconds = new AtomicLong();
    /** One round waits this long at most for the database and the broker's acks. */
    private static final Duration ROUND_TIMEOUT = Duration.ofSeconds(60);
    private volatile boolean running;
    /** True while the loop sleeps between rounds. */
    private volatile boolean idle;
    private Thread worker;
    private KafkaProducer<String, String> producer;
    private Counter published;

    public OutboxRelay(Pool pool, OutboxConfig config, OutboxSignal signal, MeterRegistry metrics,
                       @ConfigProperty(name = "kafka.bootstrap.servers") String bootstrapServers,
                       @ConfigProperty(name = "quarkus.application.name") String serviceName) {
        this.pool = pool;
        this.config = config;
        this.signal = signal;
        this.metrics = metrics;
        this.bootstrapServers = bootstrapServers;
        this.source = "/" + serviceName;
    }

    void start(@Observes StartupEvent startup) {
        if (!config.enabled()) {
            return;
        }
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        props.put(ProducerConfig.LINGER_MS_CONFIG, "0");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "5000");
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "15000");
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
        props.put(ProducerConfig.CLIENT_ID_CONFIG, source.substring(1) + "-outbox");
        producer = new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
        Gauge.builder("ksef.outbox.backlog", backlog, AtomicLong::get)
                .description("Outbox rows not yet acknowledged by Kafka").register(metrics);
        // A backlog that only grows old (not large) is a relay that stopped: the alert looks at the age.
        Gauge.builder("ksef.outbox.oldest.age", oldestAgeSeconds, AtomicLong::get).baseUnit("seconds")
                .description("Age of the oldest outbox row not yet acknowledged by Kafka, 0 when none")
                .register(metrics);
        published = Counter.builder("ksef.outbox.published").description("Outbox rows published").register(metrics);
        running = true;
        worker = new Thread(this::loop, "outbox-relay");
        worker.setDaemon(true);
        worker.start();
    }

    /**
     * Stops the relay at shutdown, once nothing writes outbox rows any more (platform {@code GracefulShutdown}):
     * the round in progress ends, then rounds run until nothing is pending or {@code bound} has passed, then the
     * producer closes. What is still pending stays in the table for the next relay. Idempotent.
     *
     * @return how many rows it published after the loop stopped
     */
    public synchronized int drain(Duration bound) {
        long deadline = System.nanoTime() + bound.toNanos();
        if (!running && producer == null) {
            return 0;
        }
        running = false;
        int published = 0;
        if (worker != null) {
            try {
                // A round in progress ends by itself; an idle loop sleeps, and is woken.
                if (idle) {
                    worker.interrupt();
                }
                worker.join(Math.max(1, remainingMillis(deadline)));
                if (worker.isAlive()) {
                    worker.interrupt();
                    worker.join(1000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            worker = null;
        }
        try {
            while (producer != null && remainingMillis(deadline) > 0) {
                int sent = relayOnce(Duration.ofMillis(remainingMillis(deadline)));
                published += sent;
                if (sent == 0) {
                    break; // nothing pending, or another replica's relay holds the lock and publishes it
                }
            }
        } catch (RuntimeException e) {
            LOG.warnf("Outbox rows left pending at shutdown, for the next relay: %s", e.getMessage());
        }
        if (producer != null) {
            producer.close(Duration.ofMillis(Math.max(500, remainingMillis(deadline))));
            producer = null;
        }
        return published;
    }

    /** The last resort when the application ends without its graceful shutdown (e.g. a test's). */
    @PreDestroy
    void close() {
        drain(Duration.ofSeconds(2));
    }

    private static long remainingMillis(long deadline) {
        return TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
    }

    private void loop() {
        long lastBacklogCheck = 0;
        long lastSentNanos = System.nanoTime();
        while (running) {
            try {
                int sent = relayOnce(ROUND_TIMEOUT);
                if (sent > 0) {
                    lastSentNanos = System.nanoTime();
                }
                if (System.currentTimeMillis() - lastBacklogCheck > 5000) {
                    lastBacklogCheck = System.currentTimeMillis();
                    measureBacklog();
                }
                if (sent == 0) {
                    idleAfterEmptyRound(lastSentNanos);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                LOG.warnf("Outbox relay round failed, retrying in %s: %s", config.retryBackoff(), e.getMessage());
                try {
                    idle(config.retryBackoff());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Between rounds, the only time {@link #drain} interrupts the loop: a round in progress is let finish. */
    private void idle(Duration pause) throws InterruptedException {
        idle(() -> Thread.sleep(pause.toMillis()));
    }

    private void idle(Sleep sleep) throws InterruptedException {
        idle = true;
        try {
            if (running) {
                sleep.run();
            }
        } finally {
            idle = false;
        }
    }

    /** A wait between rounds that {@link #drain} may cut short. */
    private interface Sleep {
        void run() throws InterruptedException;
    }

    /**
     * After a round that found nothing: the fast interval while this process is active (an enqueued row may not be
     * committed yet, so the next round must come soon), else a long sleep that an enqueue ends at once.
     */
    private void idleAfterEmptyRound(long lastSentNanos) throws InterruptedException {
        long lastActivity = Math.max(lastSentNanos, signal.lastEnqueueNanos());
        if (System.nanoTime() - lastActivity < config.activeWindow().toNanos()) {
            idle(config.pollInterval());
        } else {
            idle(() -> signal.awaitEnqueue(config.idleInterval()));
        }
    }

    /** For tests: the loop is between rounds. */
    boolean sleepsBetweenRounds() {
        return idle;
    }

    /** One round; returns how many rows were published. Package-private for tests. */
    int relayOnce(Duration timeout) {
        return pool.withTransaction(connection -> connection
                        .preparedQuery("select pg_try_advisory_xact_lock($1)").execute(Tuple.of(RELAY_LOCK))
                        .chain(locked -> locked.iterator().next().getBoolean(0)
                                ? publishPending(connection)
                                : io.smallrye.mutiny.Uni.createFrom().item(0)))
                .await().atMost(timeout);
    }

    private io.smallrye.mutiny.Uni<Integer> publishPending(SqlConnection connection) {
        return connection.preparedQuery("select id, event_id, topic, record_key, event_type, payload, created_at,"
                        + " traceparent from outbox_event where sent_at is null order by id limit $1")
                .execute(Tuple.of(config.batchSize()))
                .chain(rows -> {
                    List<Row> batch = new ArrayList<>();
                    rows.forEach(batch::add);
                    if (batch.isEmpty()) {
                        return io.smallrye.mutiny.Uni.createFrom().item(0);
                    }
                    // Blocking on purpose: this runs on the relay's own thread, never on an event loop.
                    return io.smallrye.mutiny.Uni.createFrom().item(() -> send(batch))
                            .runSubscriptionOn(io.smallrye.mutiny.infrastructure.Infrastructure.getDefaultWorkerPool())
                            .chain(ids -> connection
                                    .preparedQuery("update outbox_event set sent_at = now() where id = any($1)")
                                    .execute(Tuple.of(ids.toArray(new Long[0])))
                                    .replaceWith(ids.size()));
                });
    }

    private List<Long> send(List<Row> batch) {
        List<Future<RecordMetadata>> acks = new ArrayList<>(batch.size());
        List<Long> ids = new ArrayList<>(batch.size());
        for (Row row : batch) {
            ProducerRecord<String, String> record = new ProducerRecord<>(row.getString("topic"),
                    row.getString("record_key"), row.getString("payload"));
            OffsetDateTime created = row.getOffsetDateTime("created_at");
            header(record, CloudEvents.SPEC_VERSION, "1.0");
            header(record, CloudEvents.ID, row.getString("event_id"));
            header(record, CloudEvents.TYPE, row.getString("event_type"));
            header(record, CloudEvents.SOURCE, source);
            header(record, CloudEvents.SUBJECT, row.getString("record_key"));
            header(record, CloudEvents.TIME, (created == null ? OffsetDateTime.now() : created)
                    .withOffsetSameInstant(ZoneOffset.UTC).toString());
            header(record, CloudEvents.CONTENT_TYPE, "application/json");
            // The trace of whatever wrote the row: the consumer's span continues it (W3C trace context in Kafka).
            String traceparent = row.getString("traceparent");
            if (traceparent != null) {
                header(record, Traceparents.HEADER, traceparent);
            }
            acks.add(producer.send(record));
            ids.add(row.getLong("id"));
        }
        producer.flush();
        for (Future<RecordMetadata> ack : acks) {
            try {
                ack.get(30, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("Kafka did not acknowledge the batch", e);
            }
        }
        published.increment(ids.size());
        return ids;
    }

    /** One query on the partial index of pending rows; every 5 s while the relay runs. */
    private void measureBacklog() {
        Row row = pool.preparedQuery("select count(*), coalesce(extract(epoch from now() - min(created_at)), 0)"
                        + " from outbox_event where sent_at is null").execute()
                .map(rows -> rows.iterator().next())
                .await().atMost(Duration.ofSeconds(10));
        backlog.set(row.getLong(0));
        oldestAgeSeconds.set(Math.max(0, Math.round(row.getDouble(1))));
    }

    private static void header(ProducerRecord<String, String> record, String name, String value) {
        record.headers().add(new RecordHeader(name, value.getBytes(StandardCharsets.UTF_8)));
    }
}

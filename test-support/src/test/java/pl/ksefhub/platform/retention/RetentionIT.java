package pl.ksefhub.platform.retention;

import io.vertx.mutiny.sqlclient.Pool;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.outbox.PlatformDatabase;

import java.time.Duration;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Retention on the real PostgreSQL: old published rows and processed ids go in small batches, nothing else. */
class RetentionIT {

    private static final int BATCH = 100;
    private static Pool pool;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void pool() {
        pool = PlatformDatabase.pool();
    }

    @AfterAll
    static void close() {
        pool.closeAndAwait();
    }

    @Test
    void underASustainedLoadBothTablesKeepOnlyWhatIsYoungerThanTheAgeAndEveryUnpublishedRow() {
        Retention retention = new Retention(pool, config(Duration.ofHours(1)));
        for (int round = 1; round <= 5; round++) {
            // A round of load: rows that have aged past the retention age, rows still young, rows never published.
            outboxRows(round, 1_000, "now() - interval '2 hours'");
            outboxRows(round, 50, "now() - interval '5 minutes'");
            outboxRows(round, 5, null);
            processedIds(round, 1_000, "now() - interval '2 hours'");
            processedIds(round, 50, "now() - interval '5 minutes'");

            int deleted = retention.sweep().await().atMost(Duration.ofSeconds(60));

            assertTrue(deleted >= 2_000, "at least this round's 2,000 aged rows, in " + BATCH + "-row statements");
            assertEquals(0, ownOutbox("sent_at < now() - interval '1 hour'"));
            assertEquals(0, ownProcessed("processed_at < now() - interval '1 hour'"));
            // Bounded: whatever the rounds so far, only the young rows and the unpublished ones are left.
            assertEquals(50L * round, ownOutbox("sent_at is not null"));
            assertEquals(5L * round, ownOutbox("sent_at is null"));
            assertEquals(50L * round, ownProcessed("true"));
        }
    }

    @Test
    void aDisabledRetentionDeletesNothingWhenScheduled() {
        outboxRows(0, 10, "now() - interval '30 days'");
        RetentionConfig off = new RetentionConfig() {
            public boolean enabled() {
                return false;
            }

            public Duration age() {
                return Duration.ofDays(1);
            }

            public Duration interval() {
                return Duration.ofMinutes(10);
            }

            public int batchSize() {
                return BATCH;
            }
        };
        new Retention(pool, off).scheduled().await().atMost(Duration.ofSeconds(10));
        assertEquals(10, ownOutbox("true"));
        new Retention(pool, config(Duration.ofDays(1))).sweep().await().atMost(Duration.ofSeconds(10));
        assertEquals(0, ownOutbox("true"));
    }

    private void outboxRows(int round, int count, String sentAt) {
        PlatformDatabase.execute("insert into outbox_event (event_id, topic, record_key, event_type, payload,"
                + " created_at, sent_at) select gen_random_uuid()::text, 'ksef.test', '" + run + "-" + round
                + "', 'ksef.test.v1', '{}', coalesce(" + (sentAt == null ? "null" : sentAt) + ", now()) - interval"
                + " '1 second', " + (sentAt == null ? "null" : sentAt) + " from generate_series(1, " + count + ")");
    }

    private void processedIds(int round, int count, String processedAt) {
        PlatformDatabase.execute("insert into processed_event (consumer, event_id, processed_at) select 'test-"
                + run + "', gen_random_uuid()::text, " + processedAt + " from generate_series(1, " + count + ")");
    }

    private long ownOutbox(String condition) {
        return PlatformDatabase.count("select count(*) from outbox_event where record_key like '" + run + "-%' and "
                + condition);
    }

    private long ownProcessed(String condition) {
        return PlatformDatabase.count("select count(*) from processed_event where consumer = 'test-" + run
                + "' and " + condition);
    }

    private static RetentionConfig config(Duration age) {
        return new RetentionConfig() {
            public boolean enabled() {
                return true;
            }

            public Duration age() {
                return age;
            }

            public Duration interval() {
                return Duration.ofMinutes(10);
            }

            public int batchSize() {
                return BATCH;
            }
        };
    }
}

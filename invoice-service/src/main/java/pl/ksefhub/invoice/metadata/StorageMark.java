package pl.ksefhub.invoice.metadata;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * The High Water Mark of permanent storage ({@code pobieranie-faktur/hwm.md}): a moment up to which every invoice
 * with an earlier or equal {@code permanentStorageDate} is already committed, and none can still appear.
 * <p>
 * It is derived from committed data, not from a clock: the single {@code storage_mark} row. A transaction that
 * accepts invoices first moves the row ({@link #stamp}: the later of the database clock and the mark + 1 ms) and
 * stamps its invoices with the new value; the row lock is held until that transaction commits, so stamps are
 * handed out in commit order. A reader that sees a committed mark M therefore already sees every invoice stamped
 * ≤ M, and every transaction still to commit stamps after M. With nothing being accepted, a reader moves the mark
 * up to the clock itself ({@link #current}), taking the lock only when no writer holds it. The database's clock
 * only proposes values; the mark never moves back.
 */
@ApplicationScoped
public class StorageMark {

    private static final String STAMP = "update storage_mark set stamp = greatest("
            + "date_trunc('milliseconds', clock_timestamp()), stamp + interval '1 millisecond') where id = 1"
            + " returning cast(floor(extract(epoch from stamp) * 1000) as bigint)";
    private static final String ADVANCE = "update storage_mark m set stamp = greatest("
            + "date_trunc('milliseconds', clock_timestamp()), m.stamp)"
            + " from (select id from storage_mark where id = 1 for update skip locked) free where m.id = free.id"
            + " returning cast(floor(extract(epoch from m.stamp) * 1000) as bigint)";
    private static final long ADVANCE_AFTER_MILLIS = 1000;
    private static final String READ =
            "select cast(floor(extract(epoch from stamp) * 1000) as bigint) from storage_mark where id = 1";

    /** Inside the accepting transaction: the permanent-storage date of its invoices. */
    public Uni<OffsetDateTime> stamp(Mutiny.Session session) {
        return session.createNativeQuery(STAMP, Long.class).getSingleResult().map(StorageMark::utc);
    }

    /**
     * The committed mark. When it lags the clock by more than {@link #ADVANCE_AFTER_MILLIS} (nothing accepted
     * lately), it is first moved up to now in a transaction of its own, if no writer holds it (a writer holding it
     * will stamp after whatever it was, so the committed value stays a true mark). A fresh mark is only read: most
     * queries write nothing.
     */
    public Uni<OffsetDateTime> current() {
        return read().chain(mark -> mark.isAfter(OffsetDateTime.now(ZoneOffset.UTC).minusNanos(
                        ADVANCE_AFTER_MILLIS * 1_000_000)) ? Uni.createFrom().item(mark)
                : Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                                .createNativeQuery(ADVANCE, Long.class).getResultList()))
                        .chain(advanced -> advanced.isEmpty() ? read()
                                : Uni.createFrom().item(utc(advanced.get(0)))));
    }

    private Uni<OffsetDateTime> read() {
        return Panache.withSession(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(READ, Long.class).getSingleResult())).map(StorageMark::utc);
    }

    private static OffsetDateTime utc(Long epochMillis) {
        return Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC);
    }
}

package pl.ksefhub.session.availability;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import pl.ksefhub.session.availability.LatarniaApi.Category;
import pl.ksefhub.session.availability.LatarniaApi.KsefStatus;
import pl.ksefhub.session.availability.LatarniaApi.Message;
import pl.ksefhub.session.availability.LatarniaApi.MessageType;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Every {@code ksef.availability.evaluate-interval}: judges the heartbeats, records a failure that began or ended,
 * re-reads the published messages and puts together what {@code GET /status} and {@code GET /messages} answer.
 * Clients poll the status often and it must answer even when the database does not: requests read the last
 * {@link Snapshot} and touch nothing else; while the database is away the snapshot keeps the messages it last read
 * and still follows the heartbeats.
 *
 * <p>A planned unavailability in progress is the status (MAINTENANCE) and stops failures from being recorded:
 * services that stop during announced maintenance are expected to.
 */
@ApplicationScoped
public class AvailabilityMonitor {

    private static final Logger LOG = Logger.getLogger(AvailabilityMonitor.class);

    private final InstanceTracker tracker;
    private final AvailabilityService service;
    private final AvailabilityConfig config;
    private final ReadyInstances readyInstances;
    private final AtomicLong requested = new AtomicLong();
    private long shown;
    private volatile Snapshot snapshot = new Snapshot(KsefStatus.AVAILABLE, List.of(), List.of());
    private volatile Stored stored = new Stored(List.of(), null);
    /** Logged once when reading starts failing, not at every round while the database is away. */
    private volatile boolean unreadable;
    /** The database pool closes during shutdown: no round then, and no warning about it. */
    private volatile boolean stopping;

    public AvailabilityMonitor(InstanceTracker tracker, AvailabilityService service, AvailabilityConfig config,
                               ReadyInstances readyInstances) {
        this.readyInstances = readyInstances;
        this.tracker = tracker;
        this.service = service;
        this.config = config;
    }

    /** What the Latarnia endpoints answer: the status, its messages, and every published message. */
    public record Snapshot(KsefStatus status, List<Message> statusMessages, List<Message> messages) {
    }

    /** A published message as the snapshot needs it. */
    private record Entry(Message api, Category category, MessageType type, int eventId, OffsetDateTime start,
                         OffsetDateTime end) {

        boolean ongoingMaintenance(OffsetDateTime now) {
            return category == Category.MAINTENANCE && !start.isAfter(now) && (end == null || end.isAfter(now));
        }
    }

    /** The messages as last read, and the recorded failure in progress (null when none). */
    private record Stored(List<Entry> entries, OpenFailure open) {
    }

    private record OpenFailure(int eventId, Category category) {
    }

    public Snapshot snapshot() {
        return snapshot;
    }

    @Scheduled(every = "${ksef.availability.evaluate-interval:2s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> evaluate() {
        return stopping ? Uni.createFrom().voidItem() : refresh();
    }

    void stopping(@Observes ShutdownEvent shutdown) {
        stopping = true;
    }

    /** Judges, records and re-reads now; operators' changes call it so that they see their change at once. */
    public Uni<Void> refresh() {
        long generation = requested.incrementAndGet();
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        Assessment assessment = tracker.assess(now.toInstant());
        readyInstances.observed(assessment);
        return load(now).chain(current -> {
            Optional<Category> failure = failure(current, assessment, now);
            boolean recorded = current.open() == null ? failure.isEmpty()
                    : failure.isPresent() && failure.get() == current.open().category();
            if (recorded || !assessment.reliable()) {
                return Uni.createFrom().item(current);
            }
            return service.recordFailure(failure, assessment.failedServices(), now)
                    .onFailure().recoverWithUni(e -> {
                        // Most often another replica recorded the same change a moment earlier.
                        LOG.debugf("Failure not recorded now: %s", e.getMessage());
                        return Uni.createFrom().voidItem();
                    })
                    .chain(() -> load(now));
        }).invoke(current -> show(generation, snapshotOf(current, assessment, now))).replaceWithVoid();
    }

    private Uni<Stored> load(OffsetDateTime now) {
        return service.published(now.minus(config.messagesRetention()), now)
                .map(published -> {
                    List<Entry> entries = published.messages().stream()
                            .map(m -> new Entry(m.toApi(), m.category, m.type, m.eventId, m.startAt, m.endAt))
                            .toList();
                    AvailabilityIncident open = published.openIncident();
                    Stored loaded = new Stored(entries, open == null ? null
                            : new OpenFailure(open.eventId, open.category));
                    stored = loaded;
                    if (unreadable) {
                        unreadable = false;
                        LOG.info("Availability messages readable again");
                    }
                    return loaded;
                })
                .onFailure().recoverWithItem(e -> {
                    if (!unreadable) {
                        unreadable = true;
                        LOG.warnf("Availability messages not read, showing the last ones read: %s", e.getMessage());
                    }
                    return stored;
                });
    }

    /** The failure now: none while a planned unavailability is in progress. */
    private static Optional<Category> failure(Stored current, Assessment assessment, OffsetDateTime now) {
        boolean maintenance = current.entries().stream().anyMatch(e -> e.ongoingMaintenance(now));
        return maintenance ? Optional.empty() : assessment.failure();
    }

    private static Snapshot snapshotOf(Stored current, Assessment assessment, OffsetDateTime now) {
        List<Message> all = current.entries().stream().map(Entry::api).toList();
        List<Message> maintenance = current.entries().stream().filter(e -> e.ongoingMaintenance(now))
                .map(Entry::api).toList();
        if (!maintenance.isEmpty()) {
            return new Snapshot(KsefStatus.MAINTENANCE, maintenance, all);
        }
        Optional<Category> failure = assessment.failure();
        if (failure.isEmpty()) {
            return new Snapshot(KsefStatus.AVAILABLE, List.of(), all);
        }
        OpenFailure open = current.open();
        List<Message> started = open == null || open.category() != failure.get() ? List.of()
                : current.entries().stream()
                .filter(e -> e.eventId() == open.eventId() && e.type() == MessageType.FAILURE_START)
                .map(Entry::api).toList();
        return new Snapshot(failure.get().status(), started, all);
    }

    /** An older evaluation that finishes late never replaces a newer one. */
    private synchronized void show(long generation, Snapshot next) {
        if (generation > shown) {
            shown = generation;
            snapshot = next;
        }
    }
}

package pl.ksefhub.invoice.session;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Finds a session, waiting a bounded time for one not stored yet: a client may send an invoice the very
 * millisecond after session-service answered the open, before {@code session.opened} reached us.
 * <p>
 * What a send needs to know before its transaction (context, form code, key, IV) never changes, so it is kept in
 * memory after the first look: a send then costs no extra query. What does change (closed, invoice count) is
 * checked again under the session's row lock in the transaction that stores the invoice.
 */
@ApplicationScoped
public class SessionLookup {

    private final InvoicingSessionRepository sessions;
    private static final long MILLISECOND_NANOS = 1_000_000L;

    private final SessionArrivals arrivals;
    private final Duration wait;
    private final Duration poll;
    private final Map<String, InvoicingSession> known;
    private final Duration recentWindow;
    private final Duration laggingWindow;
    private final SessionConsumerProgress progress;
    private final Clock clock = Clock.systemUTC();

    public SessionLookup(InvoicingSessionRepository sessions, SessionArrivals arrivals, InvoiceConfig config,
                         SessionConsumerProgress progress) {
        this.sessions = sessions;
        this.arrivals = arrivals;
        this.wait = config.intake().sessionWait();
        this.poll = config.intake().sessionWaitPoll();
        this.recentWindow = config.intake().recentSessionWindow();
        this.laggingWindow = config.intake().laggingSessionWindow();
        this.progress = progress;
        int capacity = config.intake().keyCacheSize();
        this.known = Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, InvoicingSession> eldest) {
                return size() > capacity;
            }
        });
    }

    /**
     * The session as last seen (possibly before it was closed or filled up), or null when it did not appear
     * within the configured wait.
     */
    public Uni<InvoicingSession> awaitSession(String referenceNumber) {
        InvoicingSession cached = known.get(referenceNumber);
        if (cached != null) {
            return Uni.createFrom().item(cached);
        }
        return lookUntil(referenceNumber, System.nanoTime() + wait.toNanos()).invoke(found -> {
            if (found != null) {
                known.put(referenceNumber, found);
            }
        });
    }

    /**
     * Whether a session this service does not know may still be on its way: its reference number is valid and was
     * issued within {@link InvoiceConfig.Intake#recentSessionWindow()} (session-service answered the open moments
     * ago), or within {@link InvoiceConfig.Intake#laggingSessionWindow()} while our session consumers are behind
     * ({@link SessionConsumerProgress}): its {@code session.opened} has not reached us yet.
     */
    public Uni<Boolean> mayStillArrive(String referenceNumber) {
        Optional<Instant> issued = ReferenceNumbers.issuedAt(referenceNumber, clock);
        Instant now = clock.instant();
        if (issued.isEmpty() || issued.get().isBefore(now.minus(laggingWindow))) {
            return Uni.createFrom().item(false);
        }
        if (issued.get().isAfter(now.minus(recentWindow))) {
            return Uni.createFrom().item(true);
        }
        // The answer comes on Kafka's polling thread: back to the request's context (Hibernate Reactive's).
        return Offload.backOnCurrentContext(progress.caughtUp().map(caughtUp -> !caughtUp));
    }

    /** A closed session: the next send reads it from the database again (and is refused there). */
    public void forget(String referenceNumber) {
        known.remove(referenceNumber);
    }

    private Uni<InvoicingSession> lookUntil(String referenceNumber, long deadline) {
        return sessions.find(referenceNumber).chain(session -> {
            long remaining = deadline - System.nanoTime();
            // Under a millisecond left counts as none: Vert.x refuses a timer shorter than 1 ms, and the refused
            // timer would leave the send hanging instead of answering 21173.
            if (session != null || remaining < MILLISECOND_NANOS) {
                return Uni.createFrom().item(session);
            }
            // Woken by our own consumer storing it, or by the poll tick (another replica may have stored it).
            return arrivals.awaitArrival(referenceNumber, Duration.ofNanos(Math.min(remaining, poll.toNanos())))
                    .chain(() -> lookUntil(referenceNumber, deadline));
        });
    }
}

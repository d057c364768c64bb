package pl.ksefhub.invoice.session;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.config.InvoiceConfig;

import java.time.Duration;

/**
 * Finds a session, waiting a bounded time for one not stored yet: a client may send an invoice the very
 * millisecond after session-service answered the open, before {@code session.opened} reached us.
 */
@ApplicationScoped
public class SessionLookup {

    private final InvoicingSessionRepository sessions;
    private final SessionArrivals arrivals;
    private final Duration wait;
    private final Duration poll;

    public SessionLookup(InvoicingSessionRepository sessions, SessionArrivals arrivals, InvoiceConfig config) {
        this.sessions = sessions;
        this.arrivals = arrivals;
        this.wait = config.intake().sessionWait();
        this.poll = config.intake().sessionWaitPoll();
    }

    /** The session, or null when it did not appear within the configured wait. */
    public Uni<InvoicingSession> awaitSession(String referenceNumber) {
        return lookUntil(referenceNumber, System.nanoTime() + wait.toNanos());
    }

    private Uni<InvoicingSession> lookUntil(String referenceNumber, long deadline) {
        return sessions.find(referenceNumber).chain(session -> {
            long remaining = deadline - System.nanoTime();
            if (session != null || remaining <= 0) {
                return Uni.createFrom().item(session);
            }
            // Woken by our own consumer storing it, or by the poll tick (another replica may have stored it).
            return arrivals.awaitArrival(referenceNumber, Duration.ofNanos(Math.min(remaining, poll.toNanos())))
                    .chain(() -> lookUntil(referenceNumber, deadline));
        });
    }
}

package pl.ksefhub.invoice.session;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.authorization.InvoicingAuthorizations;
import pl.ksefhub.invoice.authorization.PermissionEvents;
import pl.ksefhub.invoice.batch.PackageWorker;
import pl.ksefhub.invoice.processing.ProcessingWorker;
import pl.ksefhub.invoice.purge.SessionDeletionRequested;
import pl.ksefhub.invoice.purge.SessionPurge;
import pl.ksefhub.invoice.submission.SubmissionAssigned;
import pl.ksefhub.invoice.submission.SubmissionIntake;
import pl.ksefhub.invoice.support.Failures;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.ProcessedEvents;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Keeps the session projection from {@code ksef.session.events}, takes the upstream submissions assigned
 * to event sessions, purges the sessions being deleted and keeps the projection of authorizations. Each event takes
 * effect once (processed-event
 * log); a malformed one fails at once and goes to the dead-letter topic; a transient failure (database) is retried
 * a few times first.
 */
@ApplicationScoped
public class SessionEventsConsumer {

    private static final Logger LOG = Logger.getLogger(SessionEventsConsumer.class);
    static final String CONSUMER = "invoice-service.session-events";

    private final ProcessedEvents processed;
    private final SessionProjection projection;
    private final SessionArrivals arrivals;
    private final SessionKeys keys;
    private final SessionLookup lookup;
    private final SubmissionIntake submissions;
    private final ProcessingWorker worker;
    private final PackageWorker packages;
    private final SessionPurge purge;
    private final InvoicingAuthorizations authorizations;

    public SessionEventsConsumer(ProcessedEvents processed, SessionProjection projection, SessionArrivals arrivals,
                                 SessionKeys keys, SessionLookup lookup, SubmissionIntake submissions,
                                 ProcessingWorker worker, PackageWorker packages, SessionPurge purge,
                                 InvoicingAuthorizations authorizations) {
        this.purge = purge;
        this.authorizations = authorizations;
        this.processed = processed;
        this.projection = projection;
        this.arrivals = arrivals;
        this.keys = keys;
        this.lookup = lookup;
        this.submissions = submissions;
        this.worker = worker;
        this.packages = packages;
    }

    @Incoming("session-events")
    public Uni<Void> onSessionEvent(ConsumerRecord<String, String> record) {
        // What to tell the rest of the service once the effect has committed.
        AtomicReference<Runnable> afterCommit = new AtomicReference<>(() -> { });
        return Uni.createFrom().deferred(() -> processed.handleOnce(CONSUMER, record, event -> apply(event,
                        afterCommit)))
                .onFailure(e -> !Failures.isMalformedEvent(e))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(2)).atMost(5)
                .invoke(() -> afterCommit.get().run())
                .onFailure().invoke(e -> LOG.warnf("Session event %s at %s-%d/%d refused: %s",
                        record.key(), record.topic(), record.partition(), record.offset(), e.getMessage()));
    }

    private Uni<Void> apply(EventEnvelope event, AtomicReference<Runnable> afterCommit) {
        return switch (event.type()) {
            case SessionOpened.TYPE -> {
                SessionOpened opened = event.as(SessionOpened.class).requireComplete();
                afterCommit.set(() -> arrivals.arrived(opened.referenceNumber()));
                yield projection.opened(opened);
            }
            case SessionClosed.TYPE -> {
                SessionClosed closed = event.as(SessionClosed.class).requireComplete();
                afterCommit.set(() -> {
                    keys.forget(closed.referenceNumber());
                    lookup.forget(closed.referenceNumber());
                    if ("cancelled".equals(closed.reason())) {
                        Infrastructure.getDefaultWorkerPool().execute(() -> packages.discard(closed.referenceNumber()));
                    } else {
                        packages.wake();
                    }
                });
                yield projection.closed(closed);
            }
            case SubmissionAssigned.TYPE -> {
                SubmissionAssigned submission = event.as(SubmissionAssigned.class).requireComplete();
                afterCommit.set(worker::wake);
                yield submissions.assigned(submission).replaceWithVoid();
            }
            case SessionDeletionRequested.TYPE -> {
                SessionDeletionRequested deletion = event.as(SessionDeletionRequested.class).requireComplete();
                afterCommit.set(() -> {
                    keys.forget(deletion.referenceNumber());
                    lookup.forget(deletion.referenceNumber());
                    // Parts of a batch package still stored (none once it was processed): files, not rows.
                    Infrastructure.getDefaultWorkerPool().execute(() -> packages.discard(deletion.referenceNumber()));
                });
                yield purge.purge(deletion.referenceNumber());
            }
            case SessionDeletionRequested.DELETED_TYPE ->
                    purge.forgetConfirmation(event.as(SessionDeletionRequested.class).requireComplete()
                            .referenceNumber());
            // Authorizations decide whose invoices a context may send (InvoicingAuthorizations).
            case PermissionEvents.GRANTED ->
                    authorizations.granted(event.as(PermissionEvents.PermissionGranted.class).requireComplete());
            case PermissionEvents.REVOKED ->
                    authorizations.revoked(event.as(PermissionEvents.PermissionRevoked.class).requireComplete());
            default -> Uni.createFrom().voidItem();
        };
    }
}

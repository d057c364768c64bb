package pl.ksefhub.invoice.session;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import pl.ksefhub.invoice.authorization.InvoicingAuthorizations;
import pl.ksefhub.invoice.authorization.PermissionEvents;
import pl.ksefhub.invoice.batch.PackageWorker;
import pl.ksefhub.invoice.batch.PartsCheckRequested;
import pl.ksefhub.invoice.batch.PartsChecks;
import pl.ksefhub.invoice.processing.FinalStatuses;
import pl.ksefhub.invoice.processing.ProcessingWorker;
import pl.ksefhub.invoice.purge.SessionDeletionRequested;
import pl.ksefhub.invoice.purge.SessionPurge;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.submission.SubmissionAssigned;
import pl.ksefhub.invoice.submission.SubmissionIntake;
import pl.ksefhub.platform.events.EventConsumer;
import pl.ksefhub.platform.events.EventEnvelope;
import pl.ksefhub.platform.events.EventHandler;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * Keeps the session projection from {@code ksef.session.events}, takes the upstream submissions assigned
 * to event sessions, purges the sessions being deleted and keeps the projection of authorizations, consumed the
 * platform's one way ({@link EventConsumer}): each event takes effect once, a malformed one goes to the dead-letter
 * topic, a transient failure (database) is retried for as long as it lasts.
 */
@ApplicationScoped
public class SessionEventsConsumer implements EventHandler<SessionEventsConsumer.Step> {

    static final String CONSUMER = "invoice-service.session-events";

    private final EventConsumer consumer;
    private final SessionProjection projection;
    private final SessionArrivals arrivals;
    private final SessionKeys keys;
    private final SessionLookup lookup;
    private final SubmissionIntake submissions;
    private final ProcessingWorker worker;
    private final PackageWorker packages;
    private final SessionPurge purge;
    private final InvoicingAuthorizations authorizations;
    private final FinalStatuses finalStatuses;
    private final PartsChecks partsChecks;

    public SessionEventsConsumer(EventConsumer consumer, SessionProjection projection, SessionArrivals arrivals,
                                 SessionKeys keys, SessionLookup lookup, SubmissionIntake submissions,
                                 ProcessingWorker worker, PackageWorker packages, SessionPurge purge,
                                 InvoicingAuthorizations authorizations, FinalStatuses finalStatuses,
                                 PartsChecks partsChecks) {
        this.partsChecks = partsChecks;
        this.finalStatuses = finalStatuses;
        this.purge = purge;
        this.authorizations = authorizations;
        this.consumer = consumer;
        this.projection = projection;
        this.arrivals = arrivals;
        this.keys = keys;
        this.lookup = lookup;
        this.submissions = submissions;
        this.worker = worker;
        this.packages = packages;
    }

    /** A read session event: its effect, and what to tell the rest of the service once that has committed. */
    record Step(Supplier<Uni<Void>> effect, Runnable afterCommit) {
    }

    @Incoming("session-events")
    public Uni<Void> onSessionEvent(ConsumerRecord<String, String> record) {
        return consumer.consume(record, this);
    }

    @Override
    public String consumer() {
        return CONSUMER;
    }

    @Override
    public Uni<Void> apply(Step step) {
        return step.effect().get();
    }

    @Override
    public void committed(List<Step> steps) {
        steps.forEach(step -> step.afterCommit().run());
    }

    @Override
    public Step read(EventEnvelope event) {
        return switch (event.type()) {
            case SessionOpened.TYPE -> {
                SessionOpened opened = event.as(SessionOpened.class).requireComplete();
                yield new Step(() -> projection.opened(opened), () -> arrivals.arrived(opened.referenceNumber()));
            }
            case SessionClosed.TYPE -> {
                SessionClosed closed = event.as(SessionClosed.class).requireComplete();
                yield new Step(() -> projection.closed(closed), () -> {
                    keys.forget(closed.referenceNumber());
                    lookup.forget(closed.referenceNumber());
                    if ("cancelled".equals(closed.reason())) {
                        Infrastructure.getDefaultWorkerPool().execute(() -> packages.discard(closed.referenceNumber()));
                    } else {
                        packages.wake();
                    }
                });
            }
            case PartsCheckRequested.TYPE -> {
                PartsCheckRequested request = event.as(PartsCheckRequested.class).requireComplete();
                yield new Step(() -> partsChecks.answer(request), () -> { });
            }
            case SubmissionAssigned.TYPE -> {
                SubmissionAssigned submission = event.as(SubmissionAssigned.class).requireComplete();
                // One rejected at once (an unknown template, 450) is final here, not in the processing worker.
                AtomicReference<Invoice> stored = new AtomicReference<>();
                yield new Step(() -> submissions.assigned(submission).invoke(stored::set).replaceWithVoid(), () -> {
                    worker.wake();
                    if (stored.get() != null) {
                        finalStatuses.committed(List.of(stored.get()));
                    }
                });
            }
            case SessionDeletionRequested.TYPE -> {
                SessionDeletionRequested deletion = event.as(SessionDeletionRequested.class).requireComplete();
                yield new Step(() -> purge.purge(deletion.referenceNumber()), () -> {
                    keys.forget(deletion.referenceNumber());
                    lookup.forget(deletion.referenceNumber());
                    // Parts of a batch package still stored (none once it was processed): files, not rows.
                    Infrastructure.getDefaultWorkerPool().execute(() -> packages.discard(deletion.referenceNumber()));
                });
            }
            case SessionDeletionRequested.DELETED_TYPE -> {
                String session = event.as(SessionDeletionRequested.class).requireComplete().referenceNumber();
                yield new Step(() -> purge.forgetConfirmation(session), () -> { });
            }
            // Authorizations decide whose invoices a context may send (InvoicingAuthorizations).
            case PermissionEvents.GRANTED -> {
                PermissionEvents.PermissionGranted granted =
                        event.as(PermissionEvents.PermissionGranted.class).requireComplete();
                yield new Step(() -> authorizations.granted(granted), () -> { });
            }
            case PermissionEvents.REVOKED -> {
                PermissionEvents.PermissionRevoked revoked =
                        event.as(PermissionEvents.PermissionRevoked.class).requireComplete();
                yield new Step(() -> authorizations.revoked(revoked), () -> { });
            }
            default -> null;
        };
    }
}

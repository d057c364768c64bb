package pl.ksefhub.session.submission;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Event sessions have no client to close them: they close once no submission came for a while. */
@ApplicationScoped
public class EventSessionIdleClose {

    private final SubmissionService service;

    public EventSessionIdleClose(SubmissionService service) {
        this.service = service;
    }

    @Scheduled(every = "${ksef.session.submissions.idle-sweep-interval:5s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeIdleSessions() {
        return service.closeIdle().replaceWithVoid();
    }
}

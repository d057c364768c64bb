package pl.ksefhub.session.batch;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/** Batch sessions that can no longer succeed are cancelled (440), as the state diagram's 12 h timeout says. */
@ApplicationScoped
public class BatchSessionCancellation {

    private final BatchSessionService service;

    public BatchSessionCancellation(BatchSessionService service) {
        this.service = service;
    }

    @Scheduled(every = "${ksef.session.online.expiry-sweep-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> cancelTimedOut() {
        return service.cancelDue().replaceWithVoid();
    }
}

package pl.ksefhub.recurring.schedule;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

import java.time.Clock;

/** Looks for due recurring documents every {@code ksef.recurring.scheduler.interval}. */
@ApplicationScoped
public class RecurringScheduler {

    private static final Logger LOG = Logger.getLogger(RecurringScheduler.class);

    private final OccurrenceIssuer issuer;
    private final Clock clock;

    public RecurringScheduler(OccurrenceIssuer issuer, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
    }

    @Scheduled(every = "${ksef.recurring.scheduler.interval:30s}", delayed = "${ksef.recurring.scheduler.delay:5s}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> tick() {
        return issuer.issueDue(clock.instant())
                .invoke(issued -> {
                    if (issued > 0) {
                        LOG.infof("Issued %d recurring occurrences", issued);
                    }
                })
                .onFailure().invoke(e -> LOG.warnf("Scheduler tick failed, next tick retries: %s", e.getMessage()))
                .onFailure().recoverWithNull()
                .replaceWithVoid();
    }
}

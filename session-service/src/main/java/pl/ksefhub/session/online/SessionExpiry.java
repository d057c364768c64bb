package pl.ksefhub.session.online;

import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

/**
 * Online sessions close themselves 12 hours after they were opened (issues #37/#273 of ksef-api): expired sessions
 * go to 170 exactly like a client close, and then on to their UPO.
 */
@ApplicationScoped
public class SessionExpiry {

    private final OnlineSessionService service;

    public SessionExpiry(OnlineSessionService service) {
        this.service = service;
    }

    @Scheduled(every = "${ksef.session.online.expiry-sweep-interval:15s}", delayed = "5s",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    Uni<Void> closeExpiredSessions() {
        return service.expireDue().replaceWithVoid();
    }
}

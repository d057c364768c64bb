package pl.ksefhub.invoice.session;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.offload.Offload;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Read-your-writes between services: a send for a session this replica has not stored yet parks here until the
 * session's {@code session.opened} has been stored (signalled after commit) or a short poll interval passed.
 */
@ApplicationScoped
public class SessionArrivals {

    private final Map<String, List<UniEmitter<? super Boolean>>> waiting = new ConcurrentHashMap<>();

    /** Completes with true when the session was stored meanwhile, with false after {@code atMost}. */
    public Uni<Boolean> awaitArrival(String referenceNumber, Duration atMost) {
        Uni<Boolean> arrival = Uni.createFrom().<Boolean>emitter(emitter -> {
                    waiting.compute(referenceNumber, (ref, list) -> {
                        List<UniEmitter<? super Boolean>> waiters = list == null ? new CopyOnWriteArrayList<>() : list;
                        waiters.add(emitter);
                        return waiters;
                    });
                    emitter.onTermination(() -> waiting.computeIfPresent(referenceNumber, (ref, list) -> {
                        list.remove(emitter);
                        return list.isEmpty() ? null : list;
                    }));
                })
                .ifNoItem().after(atMost).recoverWithItem(false);
        return Offload.backOnCurrentContext(arrival);
    }

    /** The session is stored (committed): wake whoever waits for it. */
    public void arrived(String referenceNumber) {
        List<UniEmitter<? super Boolean>> list = waiting.remove(referenceNumber);
        if (list != null) {
            list.forEach(emitter -> emitter.complete(true));
        }
    }
}

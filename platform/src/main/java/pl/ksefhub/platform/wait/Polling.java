package pl.ksefhub.platform.wait;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Waiting, briefly, for what another consumer is about to write (read your writes across services): a lookup
 * repeated on a timer until its result will do or the wait is over. The timer is the request's Vert.x context's, so
 * every lookup runs on that context, as Hibernate Reactive requires.
 */
public final class Polling {

    private Polling() {
    }

    /**
     * @return the first result that satisfies {@code done}, or the last one looked up when {@code wait} is over
     */
    public static <T> Uni<T> until(Supplier<Uni<T>> lookup, Predicate<T> done, Duration interval, Duration wait) {
        long deadline = System.currentTimeMillis() + wait.toMillis();
        return poll(lookup, done, interval.toMillis(), deadline);
    }

    private static <T> Uni<T> poll(Supplier<Uni<T>> lookup, Predicate<T> done, long interval, long deadline) {
        return lookup.get().chain(found -> {
            if (done.test(found) || System.currentTimeMillis() + interval > deadline) {
                return Uni.createFrom().item(found);
            }
            return delay(interval).chain(() -> poll(lookup, done, interval, deadline));
        });
    }

    private static Uni<Void> delay(long millis) {
        Context context = Vertx.currentContext();
        return Uni.createFrom().emitter(emitter -> context.owner().setTimer(Math.max(1, millis),
                id -> context.runOnContext(ignored -> emitter.complete(null))));
    }
}

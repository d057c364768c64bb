package pl.ksefhub.upo.generation;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.function.Supplier;

/**
 * Runs CPU-heavy work (building and signing UPOs) on a worker thread and resumes on the caller's Vert.x context:
 * the event loop keeps serving meanwhile, and Hibernate Reactive, which insists on its session's own thread, carries
 * on where it was.
 */
final class Offload {

    private Offload() {
    }

    static <T> Uni<T> onWorker(Supplier<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(work);
        }
        return Uni.createFrom().emitter(emitter -> context.<T>executeBlocking(work::get, false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(result.cause());
                    }
                }));
    }
}

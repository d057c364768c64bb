package pl.ksefhub.platform.offload;

import io.smallrye.mutiny.Uni;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * CPU-heavy work (decryption, hashing, XML validation, building and signing UPOs) must not run on the event loop,
 * yet Hibernate Reactive must be used on the Vert.x context that owns its session. This runs the work on a worker
 * thread and resumes on the caller's context, so the event loop keeps serving meanwhile and the reactive session
 * carries on where it was.
 */
public final class Offload {

    private Offload() {
    }

    /** {@code work} on a worker thread, its result (or failure) delivered on the calling Vert.x context. */
    public static <T> Uni<T> onWorker(Supplier<T> work) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return Uni.createFrom().item(work);
        }
        // ordered=false: independent pieces of work of one context may run side by side on the worker pool.
        return Uni.createFrom().emitter(emitter -> context.<T>executeBlocking(work::get, false)
                .onComplete(result -> {
                    if (result.succeeded()) {
                        emitter.complete(result.result());
                    } else {
                        emitter.fail(result.cause());
                    }
                }));
    }

    /**
     * {@code uni}, its outcome delivered on the calling Vert.x context (captured now): for an answer that arrives on
     * another thread (Kafka's poller, a timer) where Hibernate Reactive must carry on. Unchanged outside a context.
     */
    public static <T> Uni<T> backOnCurrentContext(Uni<T> uni) {
        Context context = Vertx.currentContext();
        if (context == null) {
            return uni;
        }
        Executor back = command -> context.runOnContext(ignored -> command.run());
        return uni.emitOn(back);
    }
}

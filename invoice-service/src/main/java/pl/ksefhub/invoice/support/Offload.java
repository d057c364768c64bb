package pl.ksefhub.invoice.support;

import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import io.vertx.core.Context;
import io.vertx.core.Vertx;

import java.util.concurrent.Executor;
import java.util.function.Supplier;

/**
 * CPU-heavy work (decryption, hashing, XML validation) must not run on the event loop, yet Hibernate Reactive must
 * be used on the Vert.x context that owns the session. This runs the work on a worker thread and hands its result
 * back to the caller's context.
 */
public final class Offload {

    private Offload() {
    }

    public static <T> Uni<T> onWorker(Supplier<T> work) {
        Uni<T> offloaded = Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
        Executor back = backToCurrentContext();
        return back == null ? offloaded : offloaded.emitOn(back);
    }

    /** An executor that runs on the calling Vert.x context, or null outside of one. */
    public static Executor backToCurrentContext() {
        Context context = Vertx.currentContext();
        return context == null ? null : command -> context.runOnContext(ignored -> command.run());
    }
}

package pl.ksefhub.invoice.batch;

import io.smallrye.common.vertx.VertxContext;
import io.smallrye.mutiny.Uni;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.quarkus.vertx.core.runtime.context.VertxContextSafetyToggle;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.error.DatabaseUnavailable;
import pl.ksefhub.invoice.config.InvoiceConfig;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code PUT /v2/sessions/batch/{ref}/parts/{n}?token=…}: the part upload URL that {@code POST /sessions/batch}
 * hands out. A plain Vert.x route, not a REST resource, because the body (up to 100 MB and more) is streamed to the
 * {@link PartStore} as it arrives, with back-pressure, and hashed on the way: it is never held in memory whole.
 * Answers 201 with no body; refusals carry a small XML body, as KSeF's blob store answers them.
 */
@ApplicationScoped
public class PartUploadRoute {

    static final String PATH = "/v2/sessions/batch/:ref/parts/:ordinal";
    private static final Logger LOG = Logger.getLogger(PartUploadRoute.class);

    private final PartUploads uploads;
    private final PartStore store;
    private final long maxPartSize;

    public PartUploadRoute(PartUploads uploads, PartStore store, InvoiceConfig config) {
        this.uploads = uploads;
        this.store = store;
        this.maxPartSize = config.batch().maxPartUploadSize();
    }

    void register(@Observes Router router) {
        router.put(PATH).handler(this::upload);
    }

    void upload(RoutingContext context) {
        HttpServerRequest request = context.request();
        // Nothing is read until the URL is known to be good; then the store pulls the body at its own pace.
        request.pause();
        if (VertxContext.isOnDuplicatedContext()) {
            // Each HTTP request runs on its own duplicated context: Hibernate Reactive may use it.
            VertxContextSafetyToggle.setCurrentContextSafe(true);
        }
        String reference = context.pathParam("ref");
        int ordinal;
        try {
            ordinal = Integer.parseInt(context.pathParam("ordinal"));
        } catch (NumberFormatException e) {
            refuse(request.response(), new PartUploads.UploadRefused(400, "InvalidUri", "Nieprawidłowy numer części."));
            return;
        }
        uploads.authorize(reference, ordinal, request.getParam("token"))
                .chain(() -> store.create(reference, ordinal))
                .chain(writer -> receive(request, writer)
                        .onFailure().call(writer::abort)
                        .call(received -> writer.commit()))
                .chain(received -> uploads.uploaded(reference, ordinal, received.size(), received.hash()))
                .subscribe().with(
                        done -> request.response().setStatusCode(201).end(),
                        failure -> {
                            if (failure instanceof PartUploads.UploadRefused refused) {
                                refuse(request.response(), refused);
                            } else if (DatabaseUnavailable.isCause(failure)) {
                                LOG.warnf("Upload of part %d of %s waits for the database: %s", ordinal, reference,
                                        failure.toString());
                                refuse(request.response(), new PartUploads.UploadRefused(503, "ServerBusy",
                                        "Usługa chwilowo niedostępna. Spróbuj ponownie za chwilę."));
                            } else {
                                LOG.errorf(failure, "Upload of part %d of %s failed", ordinal, reference);
                                refuse(request.response(), new PartUploads.UploadRefused(500, "InternalError",
                                        "Nie udało się zapisać części paczki."));
                            }
                        });
    }

    private record Received(long size, String hash) {
    }

    /** Streams the body into the writer: each chunk is written before the next is asked for. */
    private Uni<Received> receive(HttpServerRequest request, PartStore.PartWriter writer) {
        MessageDigest digest = sha256();
        AtomicLong size = new AtomicLong();
        return Uni.createFrom().emitter(emitter -> {
            request.handler(chunk -> {
                if (size.addAndGet(chunk.length()) > maxPartSize) {
                    request.handler(null);
                    emitter.fail(new PartUploads.UploadRefused(413, "RequestBodyTooLarge",
                            "Część paczki przekracza %d B.".formatted(maxPartSize)));
                    return;
                }
                digest.update(chunk.getBytes());
                request.pause();
                writer.write(chunk).subscribe().with(done -> request.resume(), emitter::fail);
            });
            request.exceptionHandler(emitter::fail);
            request.endHandler(end -> emitter.complete(
                    new Received(size.get(), Base64.getEncoder().encodeToString(digest.digest()))));
            request.resume();
        });
    }

    private static void refuse(HttpServerResponse response, PartUploads.UploadRefused refused) {
        if (response.ended()) {
            return;
        }
        String body = "<?xml version=\"1.0\" encoding=\"utf-8\"?><Error><Code>" + refused.code + "</Code><Message>"
                + refused.getMessage() + "</Message></Error>";
        response.setStatusCode(refused.status).putHeader("Content-Type", "application/xml");
        if (refused.status == 503) {
            response.putHeader("Retry-After", Integer.toString(DatabaseUnavailable.RETRY_AFTER_SECONDS));
        }
        if (refused.status == 413) {
            // The rest of the body is not waited for.
            response.putHeader("Connection", "close");
        }
        response.end(Buffer.buffer(body));
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}

package pl.ksefhub.invoice.batch;

import pl.ksefhub.platform.auth.SecretHashes;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.session.SessionLookup;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.outbox.Outbox;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;

/**
 * The rules of a part upload (sesja-wsadowa.md, "Limit czasu na przesłanie partów"): the URL's secret must be the
 * part's (401), the window must be open when the request starts (403; an upload in progress then completes), and
 * the session must still take parts (403 once closed). Size and hash are not refused here: KSeF takes any bytes
 * and reports a wrong size at the close (21157) and a wrong hash in the session status (405), which the official
 * tests rely on.
 */
@ApplicationScoped
public class PartUploads {

    private final SessionLookup lookup;
    private final Outbox outbox;

    public PartUploads(SessionLookup lookup, Outbox outbox) {
        this.lookup = lookup;
        this.outbox = outbox;
    }

    /** A refusal of an upload, with the HTTP status and the code of the answer's XML body. */
    public static final class UploadRefused extends RuntimeException {
        final int status;
        final String code;

        UploadRefused(int status, String code, String message) {
            super(message);
            this.status = status;
            this.code = code;
        }
    }

    /** Checks the request before a byte of it is read. */
    public Uni<Void> authorize(String sessionReferenceNumber, int ordinalNumber, String token) {
        return lookup.awaitSession(sessionReferenceNumber)
                .call(session -> session != null ? Uni.createFrom().voidItem()
                        : lookup.mayStillArrive(sessionReferenceNumber).invoke(onItsWay -> {
                            if (onItsWay) {
                                // Opened at session-service; its news has not reached us yet.
                                throw new UploadRefused(503, "ServerBusy", "Sesja nie jest jeszcze dostępna."
                                        + " Spróbuj ponownie za chwilę.");
                            }
                        }))
                .chain(session -> {
                    if (session == null || !InvoicingSession.BATCH.equals(session.sessionType) || token == null) {
                        throw unauthorized();
                    }
                    return Panache.withSession(() -> BatchPart.<BatchPart>findById(
                                    new BatchPart.Key(sessionReferenceNumber, ordinalNumber))
                            .chain(part -> Panache.withSession(() -> InvoicingSession.<InvoicingSession>findById(
                                    sessionReferenceNumber)).map(current -> {
                                        requireAuthorized(part, token);
                                        requireOpen(current);
                                        return null;
                                    })));
                });
    }

    /** Records the stored part and announces it, unless the session stopped taking parts meanwhile. */
    public Uni<Void> uploaded(String sessionReferenceNumber, int ordinalNumber, long size, String hash) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.find(InvoicingSession.class, sessionReferenceNumber, LockModeType.PESSIMISTIC_WRITE))
                .chain(session -> {
                    if (session == null || !"awaiting".equals(session.packageState)) {
                        throw closed();
                    }
                    return BatchPart.update("uploadedSize = ?1, uploadedHash = ?2, uploadedAt = ?3"
                                    + " where sessionReferenceNumber = ?4 and ordinalNumber = ?5", size, hash, now,
                            sessionReferenceNumber, ordinalNumber);
                })
                .chain(() -> outbox.enqueue(InvoiceEvents.TOPIC, sessionReferenceNumber, BatchEvents.PART_UPLOADED,
                        new BatchEvents.PartUploaded(sessionReferenceNumber, ordinalNumber, size, hash, now))))
                .replaceWithVoid();
    }

    private static void requireAuthorized(BatchPart part, String token) {
        if (part == null || !MessageDigest.isEqual(SecretHashes.sha256Hex(token).getBytes(StandardCharsets.US_ASCII),
                part.uploadTokenHash.getBytes(StandardCharsets.US_ASCII))) {
            throw unauthorized();
        }
    }

    private static void requireOpen(InvoicingSession session) {
        if (session == null || !"awaiting".equals(session.packageState)) {
            throw closed();
        }
        if (!OffsetDateTime.now().isBefore(session.uploadDeadline)) {
            throw new UploadRefused(403, "AuthorizationFailure",
                    "Czas na przesłanie części paczki upłynął (20 minut na każdą zadeklarowaną część).");
        }
    }

    private static UploadRefused unauthorized() {
        return new UploadRefused(401, "AuthenticationFailed",
                "Adres przesłania części jest nieprawidłowy lub nie należy do tej części paczki.");
    }

    private static UploadRefused closed() {
        return new UploadRefused(403, "AuthorizationFailure",
                "Sesja wsadowa nie przyjmuje już części paczki (została zamknięta lub anulowana).");
    }
}

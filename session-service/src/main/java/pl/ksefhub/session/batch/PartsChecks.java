package pl.ksefhub.session.batch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.error.ServiceUnavailableException;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.wait.Polling;
import pl.ksefhub.session.events.SessionEvents;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;

/**
 * Whether every declared part of a package being closed was uploaded. session-service hears of uploads from
 * invoice-service's {@code batch.part-uploaded} events, which may lag behind a 201 the client already has (an event
 * in invoice-service's outbox or in Kafka while a service or the broker restarts): a part not reported is not yet a
 * part missing. So a close first waits a little for the reports, then asks invoice-service, which has the parts
 * ({@code batch-parts-check-requested} through the outbox, answered by {@code batch.parts-checked}), and waits for
 * the answer. Only that answer makes a part missing (21205); without one in time the close is refused 503 and a
 * retried close asks again.
 */
@ApplicationScoped
public class PartsChecks {

    /** Seconds a refused close is asked to wait: about a service's or the broker's restart. */
    static final int RETRY_AFTER_SECONDS = 5;
    private static final Duration POLL = Duration.ofMillis(50);

    private final BatchPartRepository parts;
    private final BatchPartsCheckRepository checks;
    private final Outbox outbox;
    private final BatchSessionConfig config;

    public PartsChecks(BatchPartRepository parts, BatchPartsCheckRepository checks, Outbox outbox,
                       BatchSessionConfig config) {
        this.parts = parts;
        this.checks = checks;
        this.outbox = outbox;
        this.config = config;
    }

    /** What a close may conclude about the declared parts. */
    public sealed interface Verdict {
        /** Every part reported, or invoice-service has them all: the close goes on. */
        record Complete() implements Verdict {
        }

        /** invoice-service said it has not stored this part (the lowest such ordinal): 21205. */
        record Missing(int lowestOrdinal) implements Verdict {
        }

        /** invoice-service did not answer in time: nothing may be concluded, 503. */
        record Unconfirmed() implements Verdict {
        }
    }

    /** Outside any transaction: each lookup is a short session of its own, and the waits hold no connection. */
    public Uni<Verdict> verdict(String sessionReferenceNumber) {
        return Polling.until(() -> Panache.withSession(() -> parts.missing(sessionReferenceNumber)),
                        unreported -> unreported == 0, POLL, config.partArrivalWait())
                .chain(unreported -> unreported == 0 ? Uni.createFrom().item(new Verdict.Complete())
                        : ask(sessionReferenceNumber));
    }

    private Uni<Verdict> ask(String sessionReferenceNumber) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        BatchPartsCheck check = new BatchPartsCheck();
        check.checkId = UUID.randomUUID().toString();
        check.sessionReferenceNumber = sessionReferenceNumber;
        check.requestedAt = now;
        // Keyed by the session like its other events: invoice-service reads it after the session's session.opened.
        return Panache.withTransaction(() -> checks.persist(check)
                        .chain(() -> outbox.enqueue(SessionEvents.TOPIC, sessionReferenceNumber,
                                SessionEvents.BATCH_PARTS_CHECK_REQUESTED, new SessionEvents.BatchPartsCheckRequested(
                                        sessionReferenceNumber, check.checkId, now))))
                .chain(() -> Polling.until(() -> Panache.withSession(() -> state(sessionReferenceNumber,
                        check.checkId)), State::decided, POLL, config.partsCheckWait()))
                .map(State::verdict);
    }

    private Uni<State> state(String sessionReferenceNumber, String checkId) {
        return parts.missing(sessionReferenceNumber)
                .chain(unreported -> checks.findById(checkId).map(answer -> new State(unreported, answer)));
    }

    /** What is known while the close waits: the parts still unreported and the check as recorded. */
    private record State(long unreported, BatchPartsCheck check) {

        /** The reports that were late may still come first: then the answer is not needed. */
        boolean decided() {
            return unreported == 0 || check != null && check.answered();
        }

        Verdict verdict() {
            if (unreported == 0) {
                return new Verdict.Complete();
            }
            if (check == null || !check.answered()) {
                return new Verdict.Unconfirmed();
            }
            return check.lowestMissingOrdinal == null ? new Verdict.Complete()
                    : new Verdict.Missing(check.lowestMissingOrdinal);
        }
    }

    static ServiceUnavailableException unconfirmed() {
        return new ServiceUnavailableException(RETRY_AFTER_SECONDS, "Usługa chwilowo niedostępna.",
                "Nie można teraz potwierdzić przesłania zadeklarowanych części pliku. Spróbuj ponownie po "
                        + RETRY_AFTER_SECONDS + " sekundach.");
    }
}

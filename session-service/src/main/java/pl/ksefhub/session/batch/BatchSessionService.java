package pl.ksefhub.session.batch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.batch.BatchSessionApi.OpenBatchSessionRequest;
import pl.ksefhub.session.batch.BatchSessionApi.OpenBatchSessionResponse;
import pl.ksefhub.session.batch.BatchSessionApi.PartUploadRequest;
import pl.ksefhub.session.events.SessionEvents;
import pl.ksefhub.session.limits.ContextLimits;
import pl.ksefhub.session.limits.LimitsApi.SessionLimits;
import pl.ksefhub.session.encryption.SessionKeyCheck;
import pl.ksefhub.session.status.KsefSession;
import pl.ksefhub.session.status.SessionRepository;
import pl.ksefhub.session.status.SessionStatus;
import pl.ksefhub.session.testdata.ContextBlocks;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Opening and closing batch sessions (sesja-wsadowa.md, its state diagram in faktury/sesje/). session-service
 * declares the package and hands out the part upload URLs; invoice-service takes the parts, reports each upload
 * (batch.part-uploaded) and, after the close, processes the package. Every state change and its event commit
 * together through the outbox.
 */
@ApplicationScoped
public class BatchSessionService {

    private static final Logger LOG = Logger.getLogger(BatchSessionService.class);
    private static final String CLOSE_NOT_FOUND = "Sesja o numerze referencyjnym %s nie została znaleziona.";

    private final SessionRepository sessions;
    private final BatchPartRepository parts;
    private final Outbox outbox;
    private final SessionKeyCheck keyCheck;
    private final BatchSessionConfig config;
    private final ContextBlocks blocks;
    private final ContextLimits limits;
    private final PartUploadLinks links;
    private final PartsChecks partsChecks;

    public BatchSessionService(SessionRepository sessions, BatchPartRepository parts, Outbox outbox,
                               SessionKeyCheck keyCheck, BatchSessionConfig config, ContextBlocks blocks,
                               ContextLimits limits, PartUploadLinks links, PartsChecks partsChecks) {
        this.sessions = sessions;
        this.parts = parts;
        this.outbox = outbox;
        this.keyCheck = keyCheck;
        this.config = config;
        this.blocks = blocks;
        this.limits = limits;
        this.links = links;
        this.partsChecks = partsChecks;
    }

    /**
     * Opens the session with status 100. A symmetric key that does not unwrap still opens it, as in KSeF: the
     * package then ends as 415 after the close (the official tests expect exactly that).
     */
    @WithTransaction
    public Uni<OpenBatchSessionResponse> open(KsefPrincipal principal, OpenBatchSessionRequest request) {
        return blocks.requireNotBlocked(principal.contextType(), principal.contextValue())
                .invoke(() -> {
                    BatchSessionValidation.validate(request);
                    keyCheck.requireKnownPublicKey(request.encryption().publicKeyId());
                })
                .chain(() -> limits.effective(principal.contextType(), principal.contextValue()))
                .chain(contextLimits -> open(principal, request, contextLimits.batchSession()));
    }

    private Uni<OpenBatchSessionResponse> open(KsefPrincipal principal, OpenBatchSessionRequest request,
                                               SessionLimits sessionLimits) {
        boolean keyValid = keyCheck.unwraps(request.encryption().encryptedSymmetricKey());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        var declared = request.batchFile().fileParts().stream()
                .sorted(Comparator.comparing(BatchSessionApi.BatchFilePartInfo::ordinalNumber)).toList();
        KsefSession session = KsefSession.openedBy(principal, KsefSession.BATCH,
                ReferenceNumbers.next(ReferenceNumbers.BATCH_SESSION), request.formCode().systemCode(),
                request.formCode().schemaVersion(), request.formCode().value(), now, config.validity());
        session.offlineMode = Boolean.TRUE.equals(request.offlineMode());
        session.uploadDeadline = now.plus(config.uploadWindowPerPart().multipliedBy(declared.size()));
        session.setStatus(SessionStatus.batchOpen(), now);

        List<PartUploadRequest> uploads = new ArrayList<>();
        List<SessionEvents.BatchPart> announced = new ArrayList<>();
        List<BatchPart> rows = new ArrayList<>();
        for (var part : declared) {
            PartUploadLinks.Link link = links.create(session.referenceNumber, part.ordinalNumber());
            uploads.add(new PartUploadRequest(part.ordinalNumber(), "PUT", link.url(), PartUploadLinks.HEADERS));
            announced.add(new SessionEvents.BatchPart(part.ordinalNumber(), part.fileSize(), part.fileHash(),
                    link.tokenHash()));
            BatchPart row = new BatchPart();
            row.sessionReferenceNumber = session.referenceNumber;
            row.ordinalNumber = part.ordinalNumber();
            row.declaredSize = part.fileSize();
            row.declaredHash = part.fileHash();
            rows.add(row);
        }
        var batchFile = request.batchFile();
        SessionEvents.BatchPackage batch = new SessionEvents.BatchPackage(batchFile.fileSize(), batchFile.fileHash(),
                batchFile.compressionType() == null ? "Zip" : batchFile.compressionType(), session.offlineMode,
                session.uploadDeadline, announced);
        SessionEvents.SessionOpened opened = new SessionEvents.SessionOpened(session.referenceNumber, "batch",
                new ContextIdentifier(session.contextType, session.contextValue),
                new SessionEvents.FormCode(session.formSystemCode, session.formSchemaVersion, session.formValue),
                request.encryption().encryptedSymmetricKey(), request.encryption().initializationVector(), keyValid,
                new SessionEvents.Authentication(session.authReferenceNumber, session.ksefTokenReference,
                        session.authDocumentHash),
                sessionLimits.maxInvoices(), now, session.validUntil, sessionLimits.maxInvoiceSizeInBytes(),
                sessionLimits.maxInvoiceWithAttachmentSizeInBytes(), true, batch);
        return sessions.persist(session)
                .chain(() -> parts.persist(rows))
                .chain(() -> outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SessionEvents.OPENED,
                        opened))
                .replaceWith(new OpenBatchSessionResponse(session.referenceNumber, uploads));
    }

    /**
     * Client close: 100 → 150, and invoice-service processes the package (asynchronously: the session ends 200 or
     * 4xx later, sesja-wsadowa.md). Every declared part must have been uploaded (21205 "Nie przesłano zadeklarowanej
     * 'n' części pliku.", the lowest such n) and each reported one must have its declared size (21157).
     * <p>
     * A part not reported yet is not called missing on that alone: its upload may have been answered 201 by
     * invoice-service while the news is still on its way (a Kafka round trip, longer while a service or the broker
     * restarts). {@link PartsChecks} waits a little for the news, then asks invoice-service, which has the parts;
     * only its answer makes a part missing, and without an answer in time the close is refused 503 with
     * Retry-After (nothing changed; a retried close asks again). invoice-service still ends the session 405 with
     * the same text should a part be missing at processing all the same: the last line of defence.
     */
    public Uni<Void> close(KsefPrincipal principal, String referenceNumber) {
        return Panache.withSession(() -> sessions.findOwned(referenceNumber, principal, CLOSE_NOT_FOUND))
                .chain(session -> session.isBatch() && session.statusCode == SessionStatus.OPEN
                        ? partsChecks.verdict(referenceNumber)
                        // refused below, for its type or status
                        : Uni.createFrom().<PartsChecks.Verdict>item(new PartsChecks.Verdict.Complete()))
                .chain(verdict -> Panache.withTransaction(() -> closeOwned(principal, referenceNumber, verdict)));
    }

    private Uni<Void> closeOwned(KsefPrincipal principal, String referenceNumber, PartsChecks.Verdict verdict) {
        // The row lock orders a client close against the cancellation sweep.
        return sessions.findOwnedForUpdate(referenceNumber, principal, CLOSE_NOT_FOUND).chain(session -> {
            if (!session.isBatch()) {
                throw SessionRepository.sessionNotFound(referenceNumber, CLOSE_NOT_FOUND);
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            if (session.statusCode == SessionStatus.CANCELLED && session.closedAt != null
                    && session.status().details().contains("Przekroczono czas wysyłki")) {
                throw timedOut();
            }
            if (session.statusCode != SessionStatus.OPEN) {
                throw KsefException.badRequest(21180, "Status sesji nie pozwala na wykonanie operacji.",
                        "Status sesji %d uniemożliwia jej zamknięcie.".formatted(session.statusCode));
            }
            if (!now.isBefore(session.validUntil)) {
                throw timedOut(); // the sweep cancels it (a refusal rolls back whatever this transaction did)
            }
            if (verdict instanceof PartsChecks.Verdict.Missing missing) {
                throw BatchSessionValidation.partMissing(missing.lowestOrdinal());
            }
            if (verdict instanceof PartsChecks.Verdict.Unconfirmed) {
                throw PartsChecks.unconfirmed();
            }
            return parts.ofSession(referenceNumber).chain(declared -> {
                BatchSessionValidation.requireReportedPartsRight(declared);
                session.setStatus(SessionStatus.batchProcessing(), now);
                session.closedAt = now;
                return outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SessionEvents.CLOSED,
                        new SessionEvents.SessionClosed(session.referenceNumber, now, "closed")).replaceWithVoid();
            });
        });
    }

    /**
     * Cancels (440 "Przekroczono czas wysyłki") the batch sessions that can no longer succeed: not closed within
     * their lifetime, or with a declared part still missing when the upload window ended.
     */
    @WithTransaction
    public Uni<Integer> cancelDue() {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return sessions.find("from KsefSession s where s.sessionType = :batch and s.statusCode = :open"
                                + " and (s.validUntil <= :now or (s.uploadDeadline <= :now and exists (select 1"
                                + " from BatchPart p where p.sessionReferenceNumber = s.referenceNumber"
                                + " and p.uploadedAt is null))) order by s.validUntil",
                        Map.of("batch", KsefSession.BATCH, "open", SessionStatus.OPEN, "now", now))
                .page(0, 100).list()
                .chain(due -> {
                    Uni<Void> all = Uni.createFrom().voidItem();
                    for (KsefSession session : due) {
                        all = all.chain(() -> cancel(session, now));
                    }
                    if (!due.isEmpty()) {
                        LOG.infof("Cancelling %d batch sessions past their upload time", due.size());
                    }
                    return all.replaceWith(due.size());
                });
    }

    private Uni<Void> cancel(KsefSession session, OffsetDateTime now) {
        session.setStatus(SessionStatus.cancelledUploadTimeout(), now);
        session.closedAt = now;
        return outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SessionEvents.CLOSED,
                new SessionEvents.SessionClosed(session.referenceNumber, now, "cancelled")).replaceWithVoid();
    }

    private static KsefException timedOut() {
        return KsefException.badRequest(21208, "Czas oczekiwania na requesty upload lub finish został przekroczony.",
                "Sesja anulowana, przekroczony czas wysyłki.");
    }
}

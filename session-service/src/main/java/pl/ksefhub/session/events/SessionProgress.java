package pl.ksefhub.session.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.jboss.logging.Logger;
import pl.ksefhub.session.batch.BatchPartRepository;
import pl.ksefhub.session.batch.BatchPartsCheckRepository;
import pl.ksefhub.session.status.SessionRepository;
import pl.ksefhub.session.status.SessionStatus;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * How invoice and UPO events move a session on: counters while it is open, then 440/445 or 200 once invoice-service
 * has settled it and upo-service has produced its UPO. Called inside the consumer's transaction.
 * <p>
 * Settlement and the session UPO arrive through two consumers that may run at the same moment, and each writes the
 * whole row: both lock it first, or the later commit would wipe out the other's change (a session stuck at 170).
 */
@ApplicationScoped
public class SessionProgress {

    private static final Logger LOG = Logger.getLogger(SessionProgress.class);

    private final SessionRepository sessions;
    private final BatchPartRepository parts;
    private final BatchPartsCheckRepository partsChecks;
    private final ObjectMapper json;

    public SessionProgress(SessionRepository sessions, BatchPartRepository parts,
                           BatchPartsCheckRepository partsChecks, ObjectMapper json) {
        this.sessions = sessions;
        this.parts = parts;
        this.partsChecks = partsChecks;
        this.json = json;
    }

    /**
     * Adds to the counters in one UPDATE statement, so that no increment is lost to a concurrent close.
     */
    public Uni<Void> count(String referenceNumber, int received, int accepted, int rejected) {
        return sessions.update("invoiceCount = invoiceCount + :received,"
                        + " successfulInvoiceCount = successfulInvoiceCount + :accepted,"
                        + " failedInvoiceCount = failedInvoiceCount + :rejected, updatedAt = :now"
                        + " where referenceNumber = :ref",
                Map.of("received", received, "accepted", accepted, "rejected", rejected,
                        "now", OffsetDateTime.now(ZoneOffset.UTC), "ref", referenceNumber)).replaceWithVoid();
    }

    public Uni<Void> settled(ConsumedEvents.InvoicesSettled settled) {
        return sessions.findById(settled.referenceNumber(), LockModeType.PESSIMISTIC_WRITE).chain(session -> {
            if (session == null) {
                LOG.warnf("Settlement of an unknown session %s ignored", settled.referenceNumber());
                return Uni.createFrom().voidItem();
            }
            OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
            session.invoiceCount = settled.totalInvoiceCount();
            session.successfulInvoiceCount = settled.successfulInvoiceCount();
            session.failedInvoiceCount = settled.failedInvoiceCount();
            session.settled = true;
            session.updatedAt = now;
            if (session.statusCode == SessionStatus.CLOSED || session.statusCode == SessionStatus.PROCESSING) {
                if (settled.totalInvoiceCount() == 0) {
                    session.setStatus(SessionStatus.cancelledNoInvoices(), now);
                } else if (settled.successfulInvoiceCount() == 0) {
                    session.setStatus(SessionStatus.noValidInvoices(), now);
                }
                // otherwise it stays 170 until upo-service announces the session UPO
            }
            return Uni.createFrom().voidItem();
        });
    }

    public Uni<Void> sessionUpoGenerated(ConsumedEvents.UpoGenerated generated) {
        return sessions.findById(generated.referenceNumber(), LockModeType.PESSIMISTIC_WRITE).chain(session -> {
            if (session == null) {
                LOG.warnf("UPO of an unknown session %s ignored", generated.referenceNumber());
                return Uni.createFrom().voidItem();
            }
            session.upoPages = write(generated);
            // The session UPO exists only for sessions with accepted invoices, so it always means 200.
            if (session.statusCode == SessionStatus.CLOSED || session.statusCode == SessionStatus.PROCESSING) {
                session.setStatus(session.isBatch() ? SessionStatus.batchProcessed() : SessionStatus.onlineProcessed(),
                        OffsetDateTime.now(ZoneOffset.UTC));
            }
            return Uni.createFrom().voidItem();
        });
    }

    /** invoice-service took a part of a batch package; the close checks what arrived. */
    public Uni<Void> partUploaded(ConsumedEvents.BatchPartUploaded uploaded) {
        return parts.uploaded(uploaded.referenceNumber(), uploaded.ordinalNumber(), uploaded.size(),
                uploaded.hash(), uploaded.uploadedAt()).invoke(updated -> {
                    if (updated == 0) {
                        LOG.warnf("Upload of an undeclared part %d of %s ignored", uploaded.ordinalNumber(),
                                uploaded.referenceNumber());
                    }
                }).replaceWithVoid();
    }

    /**
     * invoice-service's answer to a close that asked which parts it stored; the close waiting for it decides
     * (BatchSessionService). Only the answer's own ordinals are kept: the close never infers a missing part from
     * the part-uploaded events this service has or has not applied.
     */
    public Uni<Void> partsChecked(ConsumedEvents.BatchPartsChecked checked) {
        Integer lowestMissing = checked.missingOrdinalNumbers().stream().min(Integer::compare).orElse(null);
        return partsChecks.answered(checked.checkId(), lowestMissing, OffsetDateTime.now(ZoneOffset.UTC))
                .invoke(updated -> {
                    if (updated == 0) {
                        LOG.infof("Answer to parts check %s of %s ignored (unknown or answered before)",
                                checked.checkId(), checked.referenceNumber());
                    }
                }).replaceWithVoid();
    }

    /** The package of a batch session could not be processed: the session ends with invoice-service's status. */
    public Uni<Void> packageRejected(ConsumedEvents.BatchPackageRejected rejected) {
        return sessions.findById(rejected.referenceNumber(), LockModeType.PESSIMISTIC_WRITE).chain(session -> {
            if (session == null || session.statusCode != SessionStatus.PROCESSING) {
                LOG.warnf("Rejection of the package of session %s (%s) ignored", rejected.referenceNumber(),
                        session == null ? "unknown" : "status " + session.statusCode);
                return Uni.createFrom().voidItem();
            }
            var status = rejected.status();
            session.setStatus(new SessionStatus(status.code(), status.description(),
                    status.details() == null ? List.of() : status.details()), OffsetDateTime.now(ZoneOffset.UTC));
            return Uni.createFrom().voidItem();
        });
    }

    private String write(ConsumedEvents.UpoGenerated generated) {
        try {
            return json.writeValueAsString(generated.pages());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

}

package pl.ksefhub.session.online;

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
import pl.ksefhub.platform.wait.Polling;
import pl.ksefhub.session.auth.xades.ContextIdentifiers;
import pl.ksefhub.session.encryption.SessionKeyCheck;
import pl.ksefhub.session.events.SessionEvents;
import pl.ksefhub.session.limits.ContextLimits;
import pl.ksefhub.session.limits.LimitsApi.SessionLimits;
import pl.ksefhub.session.online.OnlineSessionApi.OpenOnlineSessionRequest;
import pl.ksefhub.session.online.OnlineSessionApi.OpenOnlineSessionResponse;
import pl.ksefhub.session.status.KsefSession;
import pl.ksefhub.session.status.SessionRepository;
import pl.ksefhub.session.status.SessionStatus;
import pl.ksefhub.session.testdata.AttachmentConsents;
import pl.ksefhub.session.testdata.ContextBlocks;

import java.time.Duration;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * Opening and closing interactive sessions (sesja-interaktywna.md). Each state change and the event announcing it
 * commit together through the outbox.
 */
@ApplicationScoped
public class OnlineSessionService {

    /** "Status sesji nie pozwala na wykonanie operacji.": the session is not open. */
    public static final int STATUS_FORBIDS_OPERATION = 21180;
    private static final Logger LOG = Logger.getLogger(OnlineSessionService.class);
    private static final Duration EMPTY_CLOSE_POLL = Duration.ofMillis(20);
    private static final String CLOSE_NOT_FOUND = "Sesja o numerze referencyjnym %s nie została odnaleziona.";
    /** The day an attachment consent ends is a Polish day. */
    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    private final SessionRepository sessions;
    private final Outbox outbox;
    private final SessionKeyCheck keyCheck;
    private final OnlineSessionConfig config;
    private final ContextBlocks blocks;
    private final ContextLimits limits;
    private final AttachmentConsents attachments;

    public OnlineSessionService(SessionRepository sessions, Outbox outbox, SessionKeyCheck keyCheck,
                                OnlineSessionConfig config, ContextBlocks blocks, ContextLimits limits,
                                AttachmentConsents attachments) {
        this.sessions = sessions;
        this.outbox = outbox;
        this.keyCheck = keyCheck;
        this.config = config;
        this.blocks = blocks;
        this.limits = limits;
        this.attachments = attachments;
    }

    /**
     * Opens the session. A symmetric key that does not unwrap with our SymmetricKeyEncryption key still opens a
     * session, in status 415, as KSeF does: the client learns it from the session status.
     *
     * <p>A blocked context opens none (403, {@link ContextBlocks}). The session takes the context's limits in
     * force now ({@link ContextLimits}: invoices, sizes) and its attachment consent; invoice-service enforces them
     * from {@code session.opened}.
     */
    @WithTransaction
    public Uni<OpenOnlineSessionResponse> open(KsefPrincipal principal, OpenOnlineSessionRequest request) {
        String contextType = principal.contextType();
        String contextValue = principal.contextValue();
        return blocks.requireNotBlocked(contextType, contextValue)
                .invoke(() -> validate(request))
                .chain(() -> limits.effective(contextType, contextValue))
                .chain(contextLimits -> attachments.allowed(ContextIdentifiers.nipOf(contextType, contextValue),
                                LocalDate.now(WARSAW))
                        .chain(attachmentsAllowed -> open(principal, request, contextLimits.onlineSession(),
                                attachmentsAllowed)));
    }

    private Uni<OpenOnlineSessionResponse> open(KsefPrincipal principal, OpenOnlineSessionRequest request,
                                                SessionLimits sessionLimits, boolean attachmentsAllowed) {
        boolean keyValid = keyCheck.unwraps(request.encryption().encryptedSymmetricKey());
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        KsefSession session = KsefSession.openedBy(principal, KsefSession.ONLINE,
                ReferenceNumbers.next(ReferenceNumbers.ONLINE_SESSION), request.formCode().systemCode(),
                request.formCode().schemaVersion(), request.formCode().value(), now, config.validity());
        session.setStatus(keyValid ? SessionStatus.onlineOpen() : SessionStatus.keyDecryptionFailed(), now);

        SessionEvents.SessionOpened opened = new SessionEvents.SessionOpened(session.referenceNumber, "online",
                new ContextIdentifier(session.contextType, session.contextValue),
                new SessionEvents.FormCode(session.formSystemCode, session.formSchemaVersion, session.formValue),
                request.encryption().encryptedSymmetricKey(), request.encryption().initializationVector(), keyValid,
                new SessionEvents.Authentication(session.authReferenceNumber, session.ksefTokenReference,
                        session.authDocumentHash),
                sessionLimits.maxInvoices(), now, session.validUntil, sessionLimits.maxInvoiceSizeInBytes(),
                sessionLimits.maxInvoiceWithAttachmentSizeInBytes(), attachmentsAllowed);
        return sessions.persist(session)
                .chain(() -> outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SessionEvents.OPENED,
                        opened))
                .replaceWith(new OpenOnlineSessionResponse(session.referenceNumber, session.validUntil));
    }

    /**
     * Client close: 100 → 170; the session UPO follows once every invoice is final. A session that holds no invoice
     * as far as this service knows is cancelled (440) once invoice-service confirms it (session.invoices-settled, a
     * Kafka round trip): the close answers after that, so the client's next {@code GET /sessions/{ref}} reads 440
     * as in KSeF, not 170. An invoice this service has not counted yet is in invoice-service's settlement all the
     * same, so the wait never decides the outcome; it only waits for it.
     */
    public Uni<Void> close(KsefPrincipal principal, String referenceNumber) {
        return Panache.withTransaction(() -> closeOwned(principal, referenceNumber)).chain(counted -> counted > 0
                ? Uni.createFrom().voidItem()
                : Polling.until(() -> Panache.withSession(() -> sessions.statusCodeOf(referenceNumber)),
                        code -> code == null || code != SessionStatus.CLOSED, EMPTY_CLOSE_POLL,
                        config.emptyCloseWait()).replaceWithVoid());
    }

    /** @return how many invoices the session had, as this service has counted them */
    private Uni<Integer> closeOwned(KsefPrincipal principal, String referenceNumber) {
        // The row lock orders a client close against the expiry sweep and submission assignment.
        return sessions.findOwnedForUpdate(referenceNumber, principal, CLOSE_NOT_FOUND).chain(session -> {
            if (session.statusCode != SessionStatus.OPEN) {
                throw KsefException.badRequest(STATUS_FORBIDS_OPERATION,
                        "Status sesji nie pozwala na wykonanie operacji.",
                        "Status sesji %d uniemożliwia jej zamknięcie.".formatted(session.statusCode));
            }
            return closeSession(session, "closed").replaceWith(session.invoiceCount);
        });
    }

    /** Automatic close of sessions past their validity (12 h after open), a batch at a time. */
    @WithTransaction
    public Uni<Integer> expireDue() {
        return sessions.findExpired(OffsetDateTime.now(ZoneOffset.UTC), 100).chain(expired -> {
            if (expired.isEmpty()) {
                return Uni.createFrom().item(0);
            }
            // One after another: a Hibernate Reactive session takes one operation at a time.
            Uni<Void> closes = Uni.createFrom().voidItem();
            for (KsefSession session : expired) {
                closes = closes.chain(() -> closeSession(session, "expired"));
            }
            LOG.infof("Closing %d expired online sessions", expired.size());
            return closes.replaceWith(expired.size());
        });
    }

    private Uni<Void> closeSession(KsefSession session, String reason) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        session.setStatus(SessionStatus.onlineClosed(), now);
        session.closedAt = now;
        return outbox.enqueue(SessionEvents.TOPIC, session.referenceNumber, SessionEvents.CLOSED,
                new SessionEvents.SessionClosed(session.referenceNumber, now, reason)).replaceWithVoid();
    }

    private void validate(OpenOnlineSessionRequest request) {
        List<String> errors = new ArrayList<>();
        if (request == null) {
            throw KsefException.validation("'request' must not be empty.");
        }
        if (request.formCode() == null) {
            errors.add("'formCode' must not be empty.");
        } else if (request.formCode().systemCode() == null || request.formCode().schemaVersion() == null
                || request.formCode().value() == null) {
            errors.add("'formCode' must have 'systemCode', 'schemaVersion' and 'value'.");
        } else if (!FormCodes.supported(request.formCode())) {
            errors.add("Wskazany kod formularza nie jest wspierany.");
        }
        SessionKeyCheck.validateEncryption(request.encryption(), errors);
        if (!errors.isEmpty()) {
            throw KsefException.validation(errors.toArray(String[]::new));
        }
        keyCheck.requireKnownPublicKey(request.encryption().publicKeyId());
    }
}

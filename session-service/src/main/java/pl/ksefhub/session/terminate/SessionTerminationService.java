package pl.ksefhub.session.terminate;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.online.OnlineSessionService;
import pl.ksefhub.session.status.SessionRepository;
import pl.ksefhub.session.terminate.TerminateApi.TerminateSessionResponse;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * KSeF 1.0's forced end of the interactive session ("Wymuszenie zamknięcia aktywnej sesji"). A KSeF 1.0 session
 * token stood for one session; our access token stands for a context, which may hold several open online sessions,
 * so every one of them is closed, each exactly as {@code POST /sessions/online/{ref}/close} closes it (170, the
 * session UPO follows; an empty one becomes 440), and the answer names the newest.
 */
@ApplicationScoped
public class SessionTerminationService {

    private static final Logger LOG = Logger.getLogger(SessionTerminationService.class);
    static final int TERMINATED = 200;
    /**
     * Not KSeF 2.0's "przetworzona" (200 of the session status): the session is closed now, but its UPO, and
     * with it the session's 200, come later.
     */
    static final String TERMINATED_DESCRIPTION = "Sesja interaktywna zakończona";

    private final SessionRepository sessions;
    private final OnlineSessionService onlineSessions;

    public SessionTerminationService(SessionRepository sessions, OnlineSessionService onlineSessions) {
        this.sessions = sessions;
        this.onlineSessions = onlineSessions;
    }

    public Uni<TerminateSessionResponse> terminate(KsefPrincipal principal) {
        return Panache.withSession(() -> sessions.findOpenOnline(principal.contextType(), principal.contextValue()))
                .map(open -> open.stream().map(session -> session.referenceNumber).toList())
                .chain(newestFirst -> closeEach(principal, newestFirst, 0, new ArrayList<>()))
                .map(closed -> {
                    if (closed.isEmpty()) {
                        throw TerminateErrors.noOpenSession(principal.contextType(), principal.contextValue());
                    }
                    return new TerminateSessionResponse(TERMINATED, TERMINATED_DESCRIPTION, closed.get(0),
                            OffsetDateTime.now(ZoneOffset.UTC));
                });
    }

    /**
     * One after another: each close is a transaction of its own and may wait for invoice-service's settlement.
     * A session closed meanwhile by someone else (client close, expiry, another terminate) is not counted.
     */
    private Uni<List<String>> closeEach(KsefPrincipal principal, List<String> references, int next,
                                        List<String> closed) {
        if (next == references.size()) {
            return Uni.createFrom().item(closed);
        }
        String reference = references.get(next);
        return onlineSessions.close(principal, reference)
                .map(ignored -> closed.add(reference))
                .onFailure(SessionTerminationService::closedMeanwhile).recoverWithItem(e -> {
                    LOG.debugf("Session %s was not open any more: %s", reference, e.getMessage());
                    return false;
                })
                .chain(() -> closeEach(principal, references, next + 1, closed));
    }

    /** What the close answers for a session no longer open (21180) or gone (21173, deleted). */
    private static boolean closedMeanwhile(Throwable failure) {
        return failure instanceof KsefException refusal
                && (refusal.code() == OnlineSessionService.STATUS_FORBIDS_OPERATION
                || refusal.code() == SessionRepository.SESSION_NOT_FOUND);
    }
}

package pl.ksefhub.session.testdata;

import io.quarkus.arc.Arc;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Instance;
import pl.ksefhub.platform.error.ForbiddenException;

import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * Contexts whose authentication is blocked ({@code /testdata/context/block}): KSeF ends every authentication in
 * such a context with status 480 "Uwierzytelnienie zablokowane" ("Podejrzenie incydentu bezpieczeństwa").
 *
 * <p>Access tokens issued before the block stay valid until they expire, as KSeF tokens do; opening a session with
 * one is refused here with the 403 reason KSeF names for security blocks, {@code security-service-blocked}, whose
 * {@code security} carries {@code incidentId} and {@code clientIp} (the spec's {@code ForbiddenProblemDetails}).
 * KSeF documents no code for this case; that reason is the closest of its own.
 */
@ApplicationScoped
public class ContextBlocks {

    static final String BLOCKED_DETAIL = "Żądanie zostało zablokowane przez mechanizmy bezpieczeństwa.";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Instance<HttpServerRequest> currentRequest;

    public ContextBlocks(Instance<HttpServerRequest> currentRequest) {
        this.currentRequest = currentRequest;
    }

    /** Blocks the context; blocking it again keeps the first block (and its incident id). */
    Uni<Void> block(String contextType, String contextValue, OffsetDateTime now) {
        byte[] incident = new byte[16];
        RANDOM.nextBytes(incident);
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        insert into context_block (context_type, context_value, incident_id, blocked_at)
                        values (?1, ?2, ?3, ?4) on conflict do nothing
                        """)
                .setParameter(1, contextType).setParameter(2, contextValue)
                .setParameter(3, HexFormat.of().formatHex(incident)).setParameter(4, now)
                .executeUpdate()).replaceWithVoid();
    }

    Uni<Void> unblock(String contextType, String contextValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        delete from context_block where context_type = ?1 and context_value = ?2
                        """)
                .setParameter(1, contextType).setParameter(2, contextValue).executeUpdate()).replaceWithVoid();
    }

    /** @return the incident id of the block, or null when the context is not blocked */
    public Uni<String> incidentOf(String contextType, String contextValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery("""
                        select incident_id from context_block where context_type = ?1 and context_value = ?2
                        """, String.class)
                .setParameter(1, contextType).setParameter(2, contextValue).getResultList())
                .map(rows -> rows.isEmpty() ? null : rows.get(0));
    }

    public Uni<Boolean> isBlocked(String contextType, String contextValue) {
        return incidentOf(contextType, contextValue).map(incident -> incident != null);
    }

    /** @throws ForbiddenException {@code security-service-blocked} when the context is blocked */
    public Uni<Void> requireNotBlocked(String contextType, String contextValue) {
        return incidentOf(contextType, contextValue).map(incident -> {
            if (incident != null) {
                Map<String, Object> security = new HashMap<>();
                security.put("incidentId", incident);
                security.put("clientIp", clientIp());
                throw new ForbiddenException("security-service-blocked", BLOCKED_DETAIL, security);
            }
            return null;
        });
    }

    /** The caller's address (the forwarded one behind the edge), when called for an HTTP request. */
    private String clientIp() {
        if (!Arc.container().requestContext().isActive() || !currentRequest.isResolvable()) {
            return null;
        }
        HttpServerRequest request = currentRequest.get();
        return request.remoteAddress() == null ? null : request.remoteAddress().hostAddress();
    }
}

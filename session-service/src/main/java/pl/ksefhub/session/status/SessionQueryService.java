package pl.ksefhub.session.status;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.paging.ContinuationTokens;
import pl.ksefhub.session.status.SessionQueryApi.SessionStatusResponse;
import pl.ksefhub.session.status.SessionQueryApi.SessionsQueryResponse;
import pl.ksefhub.session.status.SessionQueryApi.SessionsQueryResponseItem;
import pl.ksefhub.session.status.SessionQueryApi.StatusInfo;
import pl.ksefhub.session.status.SessionQueryApi.Upo;
import pl.ksefhub.session.status.SessionQueryApi.UpoPage;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code GET /sessions/{ref}} and {@code GET /sessions} (Status wysyłki i UPO). */
@ApplicationScoped
public class SessionQueryService {

    private static final String STATUS_NOT_FOUND = "Sesja o numerze referencyjnym %s nie została znaleziona.";

    private final SessionRepository sessions;
    private final ObjectMapper json;
    private final ContinuationTokens continuations;

    public SessionQueryService(SessionRepository sessions, ObjectMapper json, ContinuationTokens continuations) {
        this.sessions = sessions;
        this.json = json;
        this.continuations = continuations;
    }

    @WithSession
    public Uni<SessionStatusResponse> status(KsefPrincipal principal, String referenceNumber) {
        return sessions.findOwned(referenceNumber, principal, STATUS_NOT_FOUND).map(session ->
                new SessionStatusResponse(StatusInfo.of(session.status()), session.createdAt, session.updatedAt,
                        session.validUntil, upo(session), count(session, session.invoiceCount),
                        count(session, session.successfulInvoiceCount), count(session, session.failedInvoiceCount)));
    }

    /** The filters of {@code GET /sessions}; null means "not filtered". */
    public record SessionFilter(String sessionType, String referenceNumber,
                                OffsetDateTime dateCreatedFrom, OffsetDateTime dateCreatedTo,
                                OffsetDateTime dateClosedFrom, OffsetDateTime dateClosedTo,
                                OffsetDateTime dateModifiedFrom, OffsetDateTime dateModifiedTo,
                                List<String> statuses) {
    }

    /**
     * Sessions of the caller's context, newest first. Introspection and EnforcementOperations see every session of
     * the context; InvoiceWrite alone only the sessions its subject opened.
     */
    @WithSession
    public Uni<SessionsQueryResponse> list(KsefPrincipal principal, SessionFilter filter, int pageSize,
                                           String continuationToken) {
        StringBuilder query = new StringBuilder("contextType = :contextType and contextValue = :contextValue"
                + " and sessionType = :sessionType");
        Map<String, Object> params = new HashMap<>();
        params.put("contextType", principal.contextType());
        params.put("contextValue", principal.contextValue());
        params.put("sessionType", filter.sessionType());
        if (!principal.hasAny("Introspection", "EnforcementOperations")) {
            query.append(" and createdBy = :createdBy");
            params.put("createdBy", principal.subject());
        }
        condition(query, params, "referenceNumber", "=", "referenceNumber", filter.referenceNumber());
        condition(query, params, "createdAt", ">=", "createdFrom", filter.dateCreatedFrom());
        condition(query, params, "createdAt", "<=", "createdTo", filter.dateCreatedTo());
        condition(query, params, "closedAt", ">=", "closedFrom", filter.dateClosedFrom());
        condition(query, params, "closedAt", "<=", "closedTo", filter.dateClosedTo());
        condition(query, params, "updatedAt", ">=", "modifiedFrom", filter.dateModifiedFrom());
        condition(query, params, "updatedAt", "<=", "modifiedTo", filter.dateModifiedTo());
        if (filter.statuses() != null && !filter.statuses().isEmpty()) {
            List<Integer> codes = new ArrayList<>();
            filter.statuses().forEach(status -> codes.addAll(SessionStatus.codesOf(status)));
            query.append(" and statusCode in :codes");
            params.put("codes", codes);
        }
        String signature = principal.contextValue() + "|" + filter + "|" + pageSize;
        int offset = continuations.offset(continuationToken, signature);
        return sessions.find(query.toString(), Sort.descending("createdAt").and("referenceNumber"), params)
                .range(offset, offset + pageSize) // one more than a page tells whether another page follows
                .list()
                .map(found -> {
                    boolean more = found.size() > pageSize;
                    List<SessionsQueryResponseItem> items = found.stream().limit(pageSize)
                            .map(s -> new SessionsQueryResponseItem(s.referenceNumber, StatusInfo.of(s.status()),
                                    s.createdAt, s.updatedAt, s.validUntil, s.invoiceCount,
                                    s.successfulInvoiceCount, s.failedInvoiceCount))
                            .toList();
                    return new SessionsQueryResponse(more ? continuations.nextOffset(offset + pageSize, signature)
                            : null, items);
                });
    }

    private static void condition(StringBuilder query, Map<String, Object> params, String field, String op,
                                  String name, Object value) {
        if (value != null) {
            query.append(" and ").append(field).append(' ').append(op).append(" :").append(name);
            params.put(name, value);
        }
    }

    private Upo upo(KsefSession session) {
        // A session being deleted has no UPO to offer any more: upo-service is removing its pages.
        if (session.upoPages == null || session.beingDeleted()) {
            return null;
        }
        try {
            return new Upo(json.readValue(session.upoPages, new TypeReference<List<UpoPage>>() {
            }));
        } catch (Exception e) {
            throw new IllegalStateException("Stored UPO pages unreadable for " + session.referenceNumber, e);
        }
    }

    /**
     * The counters as the official tests read them: for an online session a count of 0 is left out; a batch
     * session has none until its package was unpacked and settled, then all three, zeros included (200 with
     * {@code failedInvoiceCount} 0, 445 with {@code successfulInvoiceCount} 0; none for 405, 415, 420, 430).
     */
    private static Integer count(KsefSession session, int count) {
        if (session.isBatch()) {
            return session.settled && session.invoiceCount > 0 ? count : null;
        }
        return count > 0 ? count : null;
    }

    static KsefException invalidPageSize(int pageSize) {
        return KsefException.validation("'pageSize' must be between 10 and 1000. You entered %d.".formatted(pageSize));
    }
}

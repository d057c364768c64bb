package pl.ksefhub.session.status;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;

/** Response bodies of the session queries, as the spec names them. */
public final class SessionQueryApi {

    private SessionQueryApi() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusInfo(int code, String description, List<String> details) {
        static StatusInfo of(SessionStatus status) {
            return new StatusInfo(status.code(), status.description(),
                    status.details().isEmpty() ? null : status.details());
        }
    }

    public record UpoPage(String referenceNumber, String downloadUrl, OffsetDateTime downloadUrlExpirationDate) {
    }

    public record Upo(List<UpoPage> pages) {
    }

    /**
     * {@code SessionStatusResponse}. Clients rely on the null conventions: counters are absent while zero, and
     * {@code upo} is absent until the session UPO exists.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionStatusResponse(StatusInfo status, OffsetDateTime dateCreated, OffsetDateTime dateUpdated,
                                        OffsetDateTime validUntil, Upo upo, Integer invoiceCount,
                                        Integer successfulInvoiceCount, Integer failedInvoiceCount) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SessionsQueryResponseItem(String referenceNumber, StatusInfo status, OffsetDateTime dateCreated,
                                            OffsetDateTime dateUpdated, OffsetDateTime validUntil,
                                            int totalInvoiceCount, int successfulInvoiceCount,
                                            int failedInvoiceCount) {
    }

    public record SessionsQueryResponse(String continuationToken, List<SessionsQueryResponseItem> sessions) {
    }
}

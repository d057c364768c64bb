package pl.ksefhub.invoice.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;

/** The spec's {@code SessionInvoicesResponse}; no {@code continuationToken} on the last page. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SessionInvoicesResponse(String continuationToken, List<SessionInvoiceStatusResponse> invoices) {
}

package pl.ksefhub.platform.tracing;

import jakarta.ws.rs.core.UriInfo;
import org.jboss.resteasy.reactive.server.ServerRequestFilter;

/**
 * Puts the request's session and invoice reference numbers (path parameters) into the log fields; the context NIP
 * follows once the bearer token is verified ({@code KsefAuth}). A session's reference is a {@code referenceNumber}
 * under {@code /v2/sessions/}; elsewhere that parameter names other things (auth operations, exports, tokens).
 */
public class LogFieldsFilter {

    @ServerRequestFilter
    public void logFields(UriInfo uri) {
        var parameters = uri.getPathParameters();
        if (uri.getPath().startsWith("/v2/sessions/")) {
            LogFields.put(LogFields.SESSION, parameters.getFirst("referenceNumber"));
        }
        LogFields.put(LogFields.INVOICE, parameters.getFirst("invoiceReferenceNumber"));
    }
}

package pl.ksefhub.invoice.query;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/** The spec's {@code InvoiceStatusInfo}. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record InvoiceStatusInfo(int code, String description, List<String> details, Map<String, String> extensions) {
}

package pl.ksefhub.recurring.document;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.JsonNode;

import java.util.List;

/** The shapes of the recurring-documents API (seeds/004): field names, order and string-typed flags as there. */
public final class RecurringDocumentApi {

    private RecurringDocumentApi() {
    }

    /** What {@code add}, {@code get}, {@code update} and {@code init} answer. */
    @JsonPropertyOrder({"id", "idSaleDocument", "intervalTimeType", "name", "startDate", "active", "email",
            "emailForConfirmation", "hourToSend"})
    public record DocumentView(Long id, Long idSaleDocument, String intervalTimeType, String name, String startDate,
                               String active, String email, String emailForConfirmation, String hourToSend) {
    }

    /** One row of {@code find}. */
    @JsonPropertyOrder({"id", "name", "saleDocumentName", "intervalTypeName", "startDate", "active", "email",
            "emailForConfirmation", "idSaleDocument", "hourToSend"})
    public record ListItem(Long id, String name, String saleDocumentName, String intervalTypeName, String startDate,
                           String active, String email, String emailForConfirmation, Long idSaleDocument,
                           String hourToSend) {
    }

    /** A {@code find} filter, echoed as sent (its value may be a string, a number or a boolean). */
    @JsonPropertyOrder({"name", "value"})
    public record Filter(String name, JsonNode value) {
    }

    /** The request parameters of {@code find} echoed back, with the number of matching documents. */
    @JsonPropertyOrder({"total", "page", "size", "sortField", "sortOrder", "text", "filters"})
    public record FindParams(long total, int page, int size, String sortField, String sortOrder, String text,
                             List<Filter> filters) {
    }

    @JsonPropertyOrder({"params", "list"})
    public record FindResult(FindParams params, List<ListItem> list) {
    }
}

package pl.ksefhub.recurring.document;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.quarkus.panache.common.Page;
import io.quarkus.panache.common.Parameters;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.recurring.access.Caller;
import pl.ksefhub.recurring.document.RecurringDocumentApi.Filter;
import pl.ksefhub.recurring.document.RecurringDocumentApi.FindParams;
import pl.ksefhub.recurring.document.RecurringDocumentApi.FindResult;
import pl.ksefhub.recurring.document.RecurringDocumentApi.ListItem;
import pl.ksefhub.recurring.envelope.ApiRefusal;
import pl.ksefhub.recurring.envelope.JsonFields;
import pl.ksefhub.recurring.schedule.IntervalType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code find} of the recurring-documents API: 1-based pages (15 a page unless told), sorting by any field of the
 * list, a text searched in the document's and the sale document's names, and {@code [{name, value}]} filters.
 * The request's parameters come back in {@code params} as sent, with the total.
 */
@ApplicationScoped
public class RecurringDocumentSearch {

    static final int DEFAULT_SIZE = 15;
    static final int MAX_SIZE = 1000;

    /** API field → entity attribute, for sorting. */
    private static final Map<String, String> SORTABLE = Map.ofEntries(
            Map.entry("id", "id"),
            Map.entry("name", "name"),
            Map.entry("saleDocumentName", "saleDocumentName"),
            Map.entry("intervalTimeType", "intervalType"),
            Map.entry("intervalTypeName", "intervalType"),
            Map.entry("startDate", "startDate"),
            Map.entry("active", "active"),
            Map.entry("email", "email"),
            Map.entry("emailForConfirmation", "emailForConfirmation"),
            Map.entry("idSaleDocument", "saleDocumentId"),
            Map.entry("hourToSend", "hourToSend"));

    private final RecurringDocumentRepository documents;

    public RecurringDocumentSearch(RecurringDocumentRepository documents) {
        this.documents = documents;
    }

    /** Runs inside the caller's session (the service method's {@code @WithSession}). */
    Uni<FindResult> find(Caller caller, ObjectNode body) {
        int page = intOr(body, "page", 1, Integer.MAX_VALUE, 1);
        int size = intOr(body, "size", 1, MAX_SIZE, DEFAULT_SIZE);
        String sortField = JsonFields.text(body, "sortField");
        String sortOrder = JsonFields.text(body, "sortOrder");
        String text = JsonFields.text(body, "text");
        List<Filter> filters = filters(body.get("filters"));

        StringBuilder where = new StringBuilder("contextType = :contextType and contextValue = :contextValue"
                + " and deletedAt is null");
        Parameters parameters = Parameters.with("contextType", caller.contextType())
                .and("contextValue", caller.contextValue());
        if (text != null && !text.isBlank()) {
            where.append(" and (lower(name) like :text escape '!' or lower(saleDocumentName) like :text escape '!')");
            parameters.and("text", contains(text));
        }
        for (int i = 0; filters != null && i < filters.size(); i++) {
            addFilter(filters.get(i), "f" + i, where, parameters);
        }
        Sort sort = sort(sortField, sortOrder);
        String query = where.toString();
        return documents.count(query, parameters).chain(total -> documents.find(query, sort, parameters)
                .page(Page.of(page - 1, size)).list()
                .map(found -> new FindResult(
                        new FindParams(total, page, size, sortField, sortOrder, text, filters),
                        found.stream().map(RecurringDocumentSearch::item).toList())));
    }

    private static ListItem item(RecurringDocument document) {
        return new ListItem(document.id, document.name, document.saleDocumentName, document.interval().polishName(),
                document.startDate.toString(), Boolean.toString(document.active), document.email,
                document.emailForConfirmation, document.saleDocumentId, Integer.toString(document.hourToSend));
    }

    private static Sort sort(String sortField, String sortOrder) {
        if (sortField == null || sortField.isBlank()) {
            if (sortOrder != null && !sortOrder.isBlank()) {
                direction(sortOrder);
            }
            // Newest first, as the API this one follows lists them.
            return Sort.by("id", Sort.Direction.Descending);
        }
        String attribute = SORTABLE.get(sortField.trim());
        if (attribute == null) {
            throw new ApiRefusal("Nieprawidłowe pole sortowania sortField: '%s' (dostępne: %s)"
                    .formatted(sortField, String.join(", ", SORTABLE.keySet().stream().sorted().toList())));
        }
        Sort.Direction direction = sortOrder == null || sortOrder.isBlank() ? Sort.Direction.Ascending
                : direction(sortOrder);
        Sort sort = Sort.by(attribute, direction);
        return "id".equals(attribute) ? sort : sort.and("id", Sort.Direction.Descending);
    }

    private static Sort.Direction direction(String sortOrder) {
        return switch (sortOrder.trim().toLowerCase(Locale.ROOT)) {
            case "asc", "ascending" -> Sort.Direction.Ascending;
            case "desc", "descending" -> Sort.Direction.Descending;
            default -> throw new ApiRefusal("Nieprawidłowy kierunek sortowania sortOrder: '%s' (dostępne: asc, desc)"
                    .formatted(sortOrder));
        };
    }

    private static List<Filter> filters(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isArray()) {
            throw new ApiRefusal("Nieprawidłowa wartość pola filters (oczekiwana lista [{name, value}])");
        }
        List<Filter> filters = new ArrayList<>();
        for (JsonNode filter : node) {
            if (!filter.isObject() || !filter.hasNonNull("name") || !filter.get("name").isTextual()) {
                throw new ApiRefusal("Nieprawidłowa wartość pola filters (oczekiwana lista [{name, value}])");
            }
            filters.add(new Filter(filter.get("name").asText(), filter.get("value")));
        }
        return filters;
    }

    private static void addFilter(Filter filter, String parameter, StringBuilder where, Parameters parameters) {
        JsonNode value = filter.value();
        if (value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())) {
            return; // an empty filter filters nothing, as an empty search box
        }
        if (value.isContainerNode()) {
            throw badFilterValue(filter);
        }
        String text = value.asText().trim();
        ObjectNode single = scalar(text);
        switch (filter.name()) {
            case "intervalTimeType" -> {
                IntervalType interval = IntervalType.ofCode(text).orElseThrow(() -> badFilterValue(filter));
                where.append(" and intervalType = :").append(parameter);
                parameters.and(parameter, interval.code());
            }
            case "intervalTypeName" -> {
                IntervalType interval = Arrays.stream(IntervalType.values())
                        .filter(type -> type.polishName().equalsIgnoreCase(text)).findFirst()
                        .orElseThrow(() -> badFilterValue(filter));
                where.append(" and intervalType = :").append(parameter);
                parameters.and(parameter, interval.code());
            }
            case "active" -> {
                where.append(" and active = :").append(parameter);
                parameters.and(parameter, orBadValue(filter, () -> JsonFields.booleanValue(single, "v")));
            }
            case "id", "idSaleDocument" -> {
                where.append(" and ").append("id".equals(filter.name()) ? "id" : "saleDocumentId")
                        .append(" = :").append(parameter);
                parameters.and(parameter, orBadValue(filter, () -> JsonFields.longValue(single, "v")));
            }
            case "hourToSend" -> {
                where.append(" and hourToSend = :").append(parameter);
                parameters.and(parameter, orBadValue(filter, () -> JsonFields.intValue(single, "v", 0, 23)));
            }
            case "startDate" -> {
                where.append(" and startDate = :").append(parameter);
                parameters.and(parameter, orBadValue(filter, () -> JsonFields.date(single, "v")));
            }
            case "name", "saleDocumentName", "email", "emailForConfirmation" -> {
                where.append(" and lower(").append(filter.name()).append(") like :").append(parameter)
                        .append(" escape '!'");
                parameters.and(parameter, contains(text));
            }
            default -> throw new ApiRefusal("Nieznany filtr: '%s' (dostępne: active, email, emailForConfirmation, id,"
                    .formatted(filter.name()) + " idSaleDocument, hourToSend, intervalTimeType, intervalTypeName,"
                    + " name, saleDocumentName, startDate)");
        }
    }

    private static <T> T orBadValue(Filter filter, Supplier<T> read) {
        try {
            return read.get();
        } catch (ApiRefusal e) {
            throw badFilterValue(filter);
        }
    }

    private static ApiRefusal badFilterValue(Filter filter) {
        return new ApiRefusal("Nieprawidłowa wartość filtra %s: '%s'".formatted(filter.name(),
                filter.value() == null ? null : filter.value().asText()));
    }

    private static String contains(String text) {
        String escaped = text.trim().toLowerCase(Locale.ROOT)
                .replace("!", "!!").replace("%", "!%").replace("_", "!_");
        return "%" + escaped + "%";
    }

    private static int intOr(JsonNode body, String field, int min, int max, int fallback) {
        Integer value = JsonFields.intValue(body, field, min, max);
        return value == null ? fallback : value;
    }

    /** A filter's value as a one-field object, read with the same lenient rules as a request field. */
    private static ObjectNode scalar(String value) {
        ObjectNode node = JsonNodeFactory.instance.objectNode();
        node.put("v", value);
        return node;
    }
}

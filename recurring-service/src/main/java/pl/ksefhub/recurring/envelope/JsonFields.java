package pl.ksefhub.recurring.envelope;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.util.regex.Pattern;

/**
 * Reads request bodies of the recurring-documents API leniently, as the API it follows does: numbers may come as
 * strings ({@code "19818500"}), booleans as strings ({@code "true"}), unknown fields are ignored. A value that does
 * not fit is a refusal naming the field and the value, never a 500.
 */
public final class JsonFields {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("-?\\d{1,18}");
    private static final DateTimeFormatter ISO_DATE = DateTimeFormatter.ofPattern("uuuu-MM-dd")
            .withResolverStyle(ResolverStyle.STRICT);

    private JsonFields() {
    }

    /** The body as a JSON object; an empty body is an empty object (the API's {@code get} and {@code delete}). */
    public static ObjectNode object(String body) {
        if (body == null || body.isBlank()) {
            return JsonNodeFactory.instance.objectNode();
        }
        try {
            JsonNode node = JSON.readTree(body);
            if (node instanceof ObjectNode object) {
                return object;
            }
        } catch (Exception e) {
            // falls through to the refusal
        }
        throw new ApiRefusal(ApiRefusal.MALFORMED_JSON);
    }

    /** True when the field is there with a value other than null. */
    public static boolean has(JsonNode body, String field) {
        JsonNode value = body.get(field);
        return value != null && !value.isNull();
    }

    /** The field as text (numbers and booleans as written); null when absent or null. */
    public static String text(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new ApiRefusal("Nieprawidłowa wartość pola %s".formatted(field));
        }
        return value.asText();
    }

    public static Long longValue(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isTextual() && DIGITS.matcher(value.asText().trim()).matches()) {
            return Long.parseLong(value.asText().trim());
        }
        throw new ApiRefusal("Nieprawidłowa wartość pola %s: '%s' (oczekiwana liczba całkowita)"
                .formatted(field, value.asText()));
    }

    public static Integer intValue(JsonNode body, String field, int min, int max) {
        Long value = longValue(body, field);
        if (value != null && (value < min || value > max)) {
            throw new ApiRefusal("Nieprawidłowa wartość pola %s: '%s' (oczekiwana liczba od %d do %d)"
                    .formatted(field, value, min, max));
        }
        return value == null ? null : value.intValue();
    }

    /** {@code true}/{@code false} as JSON booleans or as the strings the API itself answers with. */
    public static Boolean booleanValue(JsonNode body, String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isTextual() && ("true".equalsIgnoreCase(value.asText().trim())
                || "false".equalsIgnoreCase(value.asText().trim()))) {
            return Boolean.parseBoolean(value.asText().trim());
        }
        throw new ApiRefusal("Nieprawidłowa wartość pola %s: '%s' (oczekiwane true lub false)"
                .formatted(field, value.asText()));
    }

    /** A calendar date written {@code yyyy-mm-dd}. */
    public static LocalDate date(JsonNode body, String field) {
        String value = text(body, field);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value.trim(), ISO_DATE);
        } catch (DateTimeParseException e) {
            throw new ApiRefusal("Nieprawidłowa data w polu %s: '%s' (oczekiwany format yyyy-mm-dd)"
                    .formatted(field, value));
        }
    }
}

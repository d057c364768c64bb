package pl.ksefhub.recurring.envelope;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * The body of every answer of the recurring-documents API, success or refusal:
 * {@code {"success": true, "response": {...}}} or {@code {"success": false, "response": "Brak wymaganych wartości"}}.
 */
@JsonPropertyOrder({"success", "response"})
public record ApiEnvelope(boolean success, Object response) {

    public static ApiEnvelope ok(Object response) {
        return new ApiEnvelope(true, response);
    }

    public static ApiEnvelope refused(String message) {
        return new ApiEnvelope(false, message);
    }
}

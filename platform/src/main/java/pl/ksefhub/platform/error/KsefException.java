package pl.ksefhub.platform.error;

import java.util.List;
import java.util.Map;

/**
 * A refusal with a KSeF error code (the {@code exceptionCode} of {@code ExceptionResponse}, the {@code code} of a
 * problem-details {@code errors[]} item). Thrown by services, turned into the KSeF body by {@link KsefExceptionMappers}.
 */
public class KsefException extends RuntimeException {

    /** 21405: the generic validation error; FluentValidation-style texts go into the details. */
    public static final int VALIDATION = 21405;
    public static final String VALIDATION_DESCRIPTION = "Błąd walidacji danych wejściowych.";

    private final int httpStatus;
    private final int code;
    private final String description;
    private final List<String> details;
    private final Map<String, Object> extensions;

    public KsefException(int httpStatus, int code, String description, List<String> details) {
        this(httpStatus, code, description, details, Map.of());
    }

    public KsefException(int httpStatus, int code, String description, List<String> details,
                         Map<String, Object> extensions) {
        super(code + " " + description + (details.isEmpty() ? "" : " " + details));
        this.httpStatus = httpStatus;
        this.code = code;
        this.description = description;
        this.details = List.copyOf(details);
        this.extensions = Map.copyOf(extensions);
    }

    /** A 400 with the given KSeF code. */
    public static KsefException badRequest(int code, String description, String... details) {
        return new KsefException(400, code, description, List.of(details));
    }

    /** 21405 "Błąd walidacji danych wejściowych." with the given details. */
    public static KsefException validation(String... details) {
        return badRequest(VALIDATION, VALIDATION_DESCRIPTION, details);
    }

    public int httpStatus() {
        return httpStatus;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    public List<String> details() {
        return details;
    }

    public Map<String, Object> extensions() {
        return extensions;
    }
}

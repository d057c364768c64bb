package pl.ksefhub.recurring.envelope;

/**
 * A request the recurring-documents API refuses with a message in its envelope ({@code success: false}); nothing was
 * changed. Authentication failures are not refusals: they stay 401/403 problem details of the platform.
 */
public class ApiRefusal extends RuntimeException {

    public static final String MISSING_VALUES = "Brak wymaganych wartości";
    public static final String DOCUMENT_NOT_FOUND = "Nie znaleziono dokumentu o id %s";
    public static final String MALFORMED_JSON = "Nieprawidłowy format JSON";

    public ApiRefusal(String message) {
        super(message, null, false, false);
    }

    public static ApiRefusal missingValues() {
        return new ApiRefusal(MISSING_VALUES);
    }

    public static ApiRefusal documentNotFound(Object id) {
        return new ApiRefusal(DOCUMENT_NOT_FOUND.formatted(id));
    }
}

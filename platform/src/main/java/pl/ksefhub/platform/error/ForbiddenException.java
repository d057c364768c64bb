package pl.ksefhub.platform.error;

import java.util.Map;

/**
 * 403 with the spec's {@code ForbiddenProblemDetails}: a reason code and a {@code security} map, e.g.
 * {@code missing-permissions} with {@code requiredAnyOfPermissions} and {@code presentPermissions}.
 */
public class ForbiddenException extends RuntimeException {

    public static final String MISSING_PERMISSIONS_DETAIL =
            "Brak wymaganych uprawnień do wykonania operacji w bieżącym kontekście.";
    public static final String RESOURCE_ACCESS_DETAIL = "Brak dostępu do wskazanego zasobu.";

    private final String reasonCode;
    private final String detail;
    private final Map<String, Object> security;

    public ForbiddenException(String reasonCode, String detail, Map<String, Object> security) {
        super(reasonCode + ": " + detail);
        this.reasonCode = reasonCode;
        this.detail = detail;
        this.security = Map.copyOf(security);
    }

    public static ForbiddenException missingPermissions(Iterable<String> required, Iterable<String> present) {
        return new ForbiddenException("missing-permissions", MISSING_PERMISSIONS_DETAIL,
                Map.of("requiredAnyOfPermissions", required, "presentPermissions", present));
    }

    public String reasonCode() {
        return reasonCode;
    }

    public String detail() {
        return detail;
    }

    public Map<String, Object> security() {
        return security;
    }
}

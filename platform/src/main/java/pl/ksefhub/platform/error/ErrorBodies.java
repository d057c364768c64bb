package pl.ksefhub.platform.error;

import pl.ksefhub.platform.tracing.Traceparents;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The two KSeF error formats: the legacy {@code ExceptionResponse} (default) and RFC 7807 problem details, chosen by
 * the request header {@code X-Error-Format: problem-details}. 401 and 403 are always problem details.
 */
public final class ErrorBodies {

    public static final String ERROR_FORMAT_HEADER = "X-Error-Format";
    public static final String PROBLEM_DETAILS = "problem-details";
    public static final String PROBLEM_JSON = "application/problem+json";
    public static final String BAD_REQUEST_DETAIL = "Żądanie jest nieprawidłowe.";
    public static final String UNAUTHORIZED_DETAIL = "Wymagane jest uwierzytelnienie.";

    private ErrorBodies() {
    }

    public static boolean wantsProblemDetails(String errorFormatHeader) {
        return errorFormatHeader != null && PROBLEM_DETAILS.equalsIgnoreCase(errorFormatHeader.trim());
    }

    /** {@code {"exception": {"exceptionDetailList": [...], "referenceNumber", "serviceCode", ...}}}. */
    public static Map<String, Object> exceptionResponse(String serviceName, List<KsefException> errors) {
        Map<String, Object> exception = new LinkedHashMap<>();
        exception.put("exceptionDetailList", errors.stream().map(e -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("exceptionCode", e.code());
            detail.put("exceptionDescription", e.description());
            detail.put("details", e.details().isEmpty() ? null : e.details());
            return detail;
        }).toList());
        exception.put("referenceNumber", null);
        // KSeF's serviceCode has the form of a W3C traceparent with flags 00: ours names the request's trace and span
        // (the flags stay KSeF's whether the trace is sampled or not).
        String traceparent = Traceparents.currentOrRandom();
        exception.put("serviceCode", traceparent.substring(0, traceparent.length() - 2) + "00");
        exception.put("serviceCtx", "srv" + serviceName.replace("-service", "").toUpperCase());
        exception.put("serviceName", serviceName);
        exception.put("timestamp", now());
        return Map.of("exception", exception);
    }

    /** {@code BadRequestProblemDetails} (or the same shape for another status). */
    public static Map<String, Object> problem(int status, String title, String instance, String detail,
                                              List<KsefException> errors) {
        Map<String, Object> body = base(status, title, instance, detail);
        if (errors != null) {
            body.put("errors", errors.stream().map(e -> {
                Map<String, Object> error = new LinkedHashMap<>();
                error.put("code", e.code());
                error.put("description", e.description());
                error.put("details", e.details());
                return error;
            }).toList());
        }
        return body;
    }

    public static Map<String, Object> unauthorized(String instance) {
        return base(401, "Unauthorized", instance, UNAUTHORIZED_DETAIL);
    }

    public static Map<String, Object> forbidden(String instance, ForbiddenException e) {
        Map<String, Object> body = base(403, "Forbidden", instance, e.detail());
        body.put("reasonCode", e.reasonCode());
        body.put("security", e.security());
        return body;
    }

    private static Map<String, Object> base(int status, String title, String instance, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("title", title);
        body.put("status", status);
        body.put("instance", instance);
        body.put("detail", detail);
        body.put("timestamp", now());
        // The request's trace id, as in its log lines and its trace (random only where tracing is disabled).
        body.put("traceId", Traceparents.traceIdOrRandom());
        return body;
    }

    /** The header by which the edge says under which prefix the client called ({@code /api} for {@code /api/v2}). */
    public static final String FORWARDED_PREFIX = "X-Forwarded-Prefix";

    /**
     * The problem's {@code instance}: the path the client called. Behind the edge a service sees {@code /v2/...} for
     * a client's {@code /api/v2/...}; the edge names the prefix it took off.
     */
    public static String instance(jakarta.ws.rs.core.HttpHeaders headers, String path) {
        return instance(headers.getHeaderString(FORWARDED_PREFIX), path);
    }

    public static String instance(String forwardedPrefix, String path) {
        if (forwardedPrefix == null || !forwardedPrefix.matches("(/[A-Za-z0-9._-]+)+")) {
            return path;
        }
        return forwardedPrefix + path;
    }

    public static String title(int status) {
        return switch (status) {
            case 400 -> "Bad Request";
            case 401 -> "Unauthorized";
            case 403 -> "Forbidden";
            case 404 -> "Not Found";
            case 405 -> "Method Not Allowed";
            case 409 -> "Conflict";
            case 410 -> "Gone";
            case 413 -> "Payload Too Large";
            case 415 -> "Unsupported Media Type";
            case 429 -> "Too Many Requests";
            case 501 -> "Not Implemented";
            case 503 -> "Service Unavailable";
            default -> status >= 500 ? "Internal Server Error" : "Error";
        };
    }

    private static String now() {
        return OffsetDateTime.now(ZoneOffset.UTC).toString();
    }

    /** The trace id a body carries: {@code traceId} of a problem, or the one in an ExceptionResponse's serviceCode. */
    public static String traceIdOf(Object body) {
        if (body instanceof Map<?, ?> map) {
            if (map.get("traceId") instanceof String traceId) {
                return traceId;
            }
            if (map.get("exception") instanceof Map<?, ?> exception
                    && exception.get("serviceCode") instanceof String serviceCode && serviceCode.length() >= 35) {
                return serviceCode.substring(3, 35);
            }
        }
        return null;
    }
}

package pl.ksefhub.platform.error;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Request;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.hibernate.JDBCException;
import org.jboss.logging.Logger;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.platform.shutdown.NotProcessed;

import java.io.IOException;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * One place that turns every failure into a KSeF error body, so that bad input never shows a stack trace and
 * every service answers in the same two formats. Each error answered is one log line with the body's trace id
 * ({@code traceId}, or the trace id in {@code serviceCode}): what a client reports finds the request's logs and
 * trace.
 */
public class KsefExceptionMappers {

    private static final Logger LOG = Logger.getLogger(KsefExceptionMappers.class);

    private final String serviceName;
    private final KsefAuth auth;

    public KsefExceptionMappers(@ConfigProperty(name = "quarkus.application.name") String serviceName,
                                KsefAuth auth) {
        this.serviceName = serviceName;
        this.auth = auth;
    }

    @ServerExceptionMapper
    public Response ksef(KsefException e, HttpHeaders headers, UriInfo uri) {
        Response response = errorResponse(e.httpStatus(), List.of(e), headers, uri);
        if (e instanceof ServiceUnavailableException unavailable) {
            response.getHeaders().putSingle("Retry-After", Integer.toString(unavailable.retryAfterSeconds()));
            if (unavailable.notProcessed() != null) {
                response.getHeaders().putSingle(NotProcessed.HEADER, unavailable.notProcessed());
            }
        }
        return response;
    }

    @ServerExceptionMapper
    public Response unauthorized(AuthenticationRequiredException e, HttpHeaders headers, UriInfo uri) {
        return logged(Response.status(401).type(ErrorBodies.PROBLEM_JSON)
                .entity(ErrorBodies.unauthorized(ErrorBodies.instance(headers, uri.getPath()))).build(), uri,
                e.getMessage());
    }

    @ServerExceptionMapper
    public Response forbidden(ForbiddenException e, HttpHeaders headers, UriInfo uri) {
        return logged(Response.status(403).type(ErrorBodies.PROBLEM_JSON)
                .entity(ErrorBodies.forbidden(ErrorBodies.instance(headers, uri.getPath()), e)).build(), uri,
                e.detail());
    }

    /** Malformed JSON, a wrong type, an unknown enum value: 21405 with a FluentValidation-like detail. */
    @ServerExceptionMapper(priority = 1)
    public Response malformedJson(JsonProcessingException e, HttpHeaders headers, UriInfo uri) {
        return errorResponse(400, List.of(KsefException.validation(describe(e))), headers, uri);
    }

    @ServerExceptionMapper(priority = 1)
    public Response mismatchedInput(MismatchedInputException e, HttpHeaders headers, UriInfo uri) {
        return malformedJson(e, headers, uri);
    }

    @ServerExceptionMapper
    public Response webApplication(WebApplicationException e, HttpHeaders headers, UriInfo uri, Request request) {
        int status = e.getResponse().getStatus();
        if ((status == 404 || status == 405) && uri.getMatchedResources().isEmpty()) {
            Optional<SpecOperations.Operation> operation = SpecOperations.match(request.getMethod(), uri.getPath());
            if (operation.isPresent()) {
                return notServedYet(operation.get(), headers, uri);
            }
        }
        if (status >= 500) {
            return unexpected(e, headers, uri);
        }
        if (e.getCause() instanceof JsonProcessingException json) {
            return malformedJson(json, headers, uri);
        }
        if (status == 400) {
            String detail = e.getMessage() == null ? "Nieprawidłowe żądanie." : e.getMessage();
            return errorResponse(400, List.of(KsefException.validation(detail)), headers, uri);
        }
        return logged(Response.status(status).type(ErrorBodies.PROBLEM_JSON)
                .entity(ErrorBodies.problem(status, ErrorBodies.title(status),
                        ErrorBodies.instance(headers, uri.getPath()), e.getMessage(), null))
                .build(), uri, e.getMessage());
    }

    /**
     * An operation of the spec that no resource here serves yet: 401 when it needs a bearer token and the request
     * has no valid one (KSeF authenticates first), else 501 naming it.
     */
    private Response notServedYet(SpecOperations.Operation operation, HttpHeaders headers, UriInfo uri) {
        if (operation.bearer()) {
            try {
                auth.require(headers.getHeaderString(HttpHeaders.AUTHORIZATION), TokenType.ContextToken);
            } catch (AuthenticationRequiredException e) {
                return unauthorized(e, headers, uri);
            }
        }
        KsefException notServed = new KsefException(501, 501, "Operacja nie jest jeszcze obsługiwana.",
                List.of("Ta instalacja ksef-hub nie obsługuje jeszcze operacji " + operation.describe() + "."));
        return errorResponse(501, List.of(notServed), headers, uri);
    }

    @ServerExceptionMapper
    public Response unexpected(Throwable e, HttpHeaders headers, UriInfo uri) {
        if (e instanceof KsefException k) {
            return ksef(k, headers, uri);
        }
        Optional<Response> badInput = badInput(e, headers, uri);
        if (badInput.isPresent()) {
            return badInput.get();
        }
        if (DatabaseUnavailable.isCause(e)) {
            // Not the request's fault and not a bug: the database is restarting or unreachable, try again soon.
            LOG.warnf("503 on %s, database unavailable: %s", uri.getPath(), e.toString());
            return ksef(DatabaseUnavailable.refusal(), headers, uri);
        }
        LOG.errorf(e, "Unexpected failure on %s", uri.getPath());
        KsefException unknown = new KsefException(500, 500, "Nieznany błąd.", List.of("Wystąpił błąd serwera."));
        return errorResponse(500, List.of(unknown), headers, uri);
    }

    /**
     * Failures that bad input causes below the resources, found by fuzzing (ApiFuzzSystemIT): a value PostgreSQL
     * refuses to store or compare (SQL state class 22, e.g. a NUL character in a path parameter), a chunked body
     * over Vert.x's limit (BodyLimit sees only a declared Content-Length), a Content-Type that is no media type.
     */
    private Optional<Response> badInput(Throwable e, HttpHeaders headers, UriInfo uri) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JDBCException jdbc && jdbc.getSQLState() != null
                    && jdbc.getSQLState().startsWith("22")) {
                LOG.debugf("400 on %s: %s", uri.getPath(), jdbc.getSQLException() == null
                        ? jdbc.getMessage() : jdbc.getSQLException().getMessage());
                return Optional.of(errorResponse(400, List.of(KsefException.validation(
                        "Żądanie zawiera wartość, której nie można przetworzyć.")), headers, uri));
            }
            if (cause == cause.getCause()) {
                break;
            }
        }
        if (e instanceof IOException && "Request too large".equals(e.getMessage())) {
            return Optional.of(errorResponse(413, List.of(new KsefException(413, BodyLimit.CODE,
                    BodyLimit.DESCRIPTION, List.of())), headers, uri));
        }
        if (e instanceof IllegalArgumentException && e.getStackTrace().length > 0
                && e.getStackTrace()[0].getClassName().endsWith(".MediaTypeHeaderDelegate")) {
            return Optional.of(errorResponse(415, List.of(new KsefException(415, 415,
                    "Nieobsługiwany typ treści.", List.of("Nagłówek Content-Type nie jest typem MIME."))),
                    headers, uri));
        }
        return Optional.empty();
    }

    private Response errorResponse(int status, List<KsefException> errors, HttpHeaders headers, UriInfo uri) {
        String codes = errors.stream().map(e -> e.code() + " " + e.description()).collect(Collectors.joining("; "));
        if (ErrorBodies.wantsProblemDetails(headers.getHeaderString(ErrorBodies.ERROR_FORMAT_HEADER))) {
            String detail = status == 400 ? ErrorBodies.BAD_REQUEST_DETAIL : errors.get(0).description();
            return logged(Response.status(status).type(ErrorBodies.PROBLEM_JSON)
                    .entity(ErrorBodies.problem(status, ErrorBodies.title(status),
                            ErrorBodies.instance(headers, uri.getPath()), detail, errors))
                    .build(), uri, codes);
        }
        return logged(Response.status(status).type(MediaType.APPLICATION_JSON)
                .entity(ErrorBodies.exceptionResponse(serviceName, errors)).build(), uri, codes);
    }

    /** The error answered, in one line with the body's trace id (a 5xx's cause is logged before, with its stack). */
    private static Response logged(Response response, UriInfo uri, String what) {
        String line = "%d on %s: %s (traceId %s)";
        Object[] values = {response.getStatus(), uri.getPath(), what, ErrorBodies.traceIdOf(response.getEntity())};
        if (response.getStatus() >= 500) {
            LOG.warnf(line, values);
        } else {
            LOG.infof(line, values);
        }
        return response;
    }

    private static String describe(JsonProcessingException e) {
        if (e instanceof InvalidFormatException invalid && !invalid.getPath().isEmpty()) {
            return "'" + path(invalid) + "' has an invalid value: '" + invalid.getValue() + "'.";
        }
        if (e instanceof MismatchedInputException mismatched && !mismatched.getPath().isEmpty()) {
            return "'" + path(mismatched) + "' has an invalid type.";
        }
        return "Nieprawidłowy format JSON.";
    }

    private static String path(MismatchedInputException e) {
        return e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .collect(Collectors.joining("."));
    }
}

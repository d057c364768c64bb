package pl.ksefhub.platform.error;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Both error formats carry the request's trace: what a client reports finds its log line and its trace. */
class ErrorBodiesTraceTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aProblemsTraceIdAndAnExceptionResponsesServiceCodeAreTheCurrentTrace() {
        SpanContext span = SpanContext.create(TRACE, SPAN, TraceFlags.getSampled(), TraceState.getDefault());
        try (Scope ignored = Context.root().with(Span.wrap(span)).makeCurrent()) {
            Map<String, Object> problem = ErrorBodies.problem(400, "Bad Request", "/v2/x", "d",
                    List.of(KsefException.validation("x")));
            assertEquals(TRACE, problem.get("traceId"));
            assertEquals(TRACE, ErrorBodies.traceIdOf(problem));

            Map<String, Object> legacy = ErrorBodies.exceptionResponse("invoice-service",
                    List.of(KsefException.validation("x")));
            assertEquals("00-" + TRACE + "-" + SPAN + "-00",
                    ((Map<?, ?>) legacy.get("exception")).get("serviceCode"));
            assertEquals(TRACE, ErrorBodies.traceIdOf(legacy));
        }
    }

    @Test
    void withoutATraceTheBodyStillNamesOneId() {
        Map<String, Object> legacy = ErrorBodies.exceptionResponse("upo-service", List.of(KsefException.validation("x")));
        String serviceCode = (String) ((Map<?, ?>) legacy.get("exception")).get("serviceCode");
        assertEquals(serviceCode.substring(3, 35), ErrorBodies.traceIdOf(legacy));
        Map<String, Object> problem = ErrorBodies.unauthorized("/v2/x");
        assertTrue(((String) problem.get("traceId")).matches("[0-9a-f]{32}"), problem.toString());
        assertEquals(problem.get("traceId"), ErrorBodies.traceIdOf(problem));
    }
}

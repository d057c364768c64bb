package pl.ksefhub.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;
import io.opentelemetry.context.Scope;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TraceparentsTest {

    private static final String TRACE = "4bf92f3577b34da6a3ce929d0e0e4736";
    private static final String SPAN = "00f067aa0ba902b7";

    @Test
    void aTraceparentRoundTripsAndBecomesTheRemoteParent() {
        String traceparent = "00-" + TRACE + "-" + SPAN + "-01";

        SpanContext parsed = Traceparents.parse(traceparent);
        assertEquals(TRACE, parsed.getTraceId());
        assertEquals(SPAN, parsed.getSpanId());
        assertTrue(parsed.isSampled());
        assertTrue(parsed.isRemote());
        assertEquals(traceparent, Traceparents.of(parsed));
        assertEquals(parsed, Span.fromContext(Traceparents.parent(traceparent)).getSpanContext());
    }

    @Test
    void anythingElseIsNoParent() {
        assertNull(Traceparents.parse(null));
        assertNull(Traceparents.parse("00-" + "0".repeat(32) + "-" + SPAN + "-01"), "the all-zero trace id");
        assertNull(Traceparents.parse("00-" + TRACE + "-" + "0".repeat(16) + "-01"), "the all-zero span id");
        assertNull(Traceparents.parse("01-" + TRACE + "-" + SPAN + "-01"), "an unknown version");
        assertNull(Traceparents.parse("00-" + TRACE.toUpperCase() + "-" + SPAN + "-01"), "upper case");
        assertFalse(Span.fromContext(Traceparents.parent("garbage")).getSpanContext().isValid());
    }

    @Test
    void withoutAValidSpanThereIsNoTraceparentButARandomIdForErrorBodies() {
        assertNull(Traceparents.current());
        assertNull(Traceparents.of(SpanContext.getInvalid()));
        String random = Traceparents.traceIdOrRandom();
        assertTrue(random.matches("[0-9a-f]{32}"), random);
        assertNotEquals(random, Traceparents.traceIdOrRandom());
        assertTrue(Traceparents.currentOrRandom().matches("00-[0-9a-f]{32}-[0-9a-f]{16}-00"));
    }

    @Test
    void theCurrentSpanIsWhatTheOutboxAndTheErrorBodiesTake() {
        SpanContext span = SpanContext.create(TRACE, SPAN, TraceFlags.getDefault(), TraceState.getDefault());
        try (Scope ignored = Context.root().with(Span.wrap(span)).makeCurrent()) {
            assertEquals("00-" + TRACE + "-" + SPAN + "-00", Traceparents.current());
            assertEquals(TRACE, Traceparents.traceIdOrRandom());
            assertEquals(Traceparents.current(), Traceparents.currentOrRandom());
        }
    }
}

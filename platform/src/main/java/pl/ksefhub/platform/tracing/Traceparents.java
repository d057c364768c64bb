package pl.ksefhub.platform.tracing;

import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanContext;
import io.opentelemetry.api.trace.TraceFlags;
import io.opentelemetry.api.trace.TraceState;
import io.opentelemetry.context.Context;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.regex.Pattern;

/**
 * The W3C {@code traceparent} ({@code 00-<trace id>-<span id>-<flags>}, https://www.w3.org/TR/trace-context/) as
 * the outbox stores it, the relay sends it in a record header and the invoice table keeps it for the worker: the one
 * text form of a span context outside a live request.
 */
public final class Traceparents {

    /** The record header (and HTTP header) name. */
    public static final String HEADER = "traceparent";

    private static final Pattern FORMAT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})");
    private static final SecureRandom RANDOM = new SecureRandom();

    private Traceparents() {
    }

    /** The current span's traceparent, or null when there is none (tracing off, or outside any trace). */
    public static String current() {
        return of(Span.current().getSpanContext());
    }

    /** Null for an invalid span context (all zeros: the SDK disabled, or no span). */
    public static String of(SpanContext span) {
        if (span == null || !span.isValid()) {
            return null;
        }
        return "00-" + span.getTraceId() + "-" + span.getSpanId() + "-" + span.getTraceFlags().asHex();
    }

    /**
     * The context a span continuing {@code traceparent} starts from: its remote parent, or the root context (a new
     * trace) for null or anything that is no valid traceparent.
     */
    public static Context parent(String traceparent) {
        SpanContext remote = parse(traceparent);
        return remote == null ? Context.root() : Context.root().with(Span.wrap(remote));
    }

    /** The span context a traceparent names, or null when it is none. */
    public static SpanContext parse(String traceparent) {
        if (traceparent == null) {
            return null;
        }
        var matcher = FORMAT.matcher(traceparent.trim());
        if (!matcher.matches()) {
            return null;
        }
        SpanContext context = SpanContext.createFromRemoteParent(matcher.group(1), matcher.group(2),
                TraceFlags.fromHex(matcher.group(3), 0), TraceState.getDefault());
        return context.isValid() ? context : null;
    }

    /**
     * The current trace id, or a random one when there is no valid span (tracing disabled): an error body always
     * carries an id that its log line carries too, never the all-zero one.
     */
    public static String traceIdOrRandom() {
        SpanContext span = Span.current().getSpanContext();
        return span.isValid() ? span.getTraceId() : randomHex(16);
    }

    /** The current traceparent, or a random one (as {@link #traceIdOrRandom}). */
    public static String currentOrRandom() {
        String current = current();
        return current != null ? current : "00-" + randomHex(16) + "-" + randomHex(8) + "-00";
    }

    static String randomHex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}

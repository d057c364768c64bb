package pl.ksefhub.platform.tracing;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Scope;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The spans the platform starts itself, where no instrumentation does: the consumption of a Kafka record (a
 * {@code CONSUMER} child of the {@code traceparent} header the outbox relay sent) and work that continues a stored
 * traceparent (the invoice worker). With the SDK disabled the tracer is a no-op and every span is invalid.
 */
@ApplicationScoped
public class Tracing {

    private static final AttributeKey<String> MESSAGING_SYSTEM = AttributeKey.stringKey("messaging.system");
    private static final AttributeKey<String> DESTINATION = AttributeKey.stringKey("messaging.destination.name");
    private static final AttributeKey<String> OPERATION = AttributeKey.stringKey("messaging.operation.type");
    private static final AttributeKey<String> CONSUMER_GROUP = AttributeKey.stringKey("messaging.consumer.group.name");
    private static final AttributeKey<Long> PARTITION = AttributeKey.longKey("messaging.destination.partition.id");
    private static final AttributeKey<Long> OFFSET = AttributeKey.longKey("messaging.kafka.offset");
    private static final AttributeKey<String> EVENT_ID = AttributeKey.stringKey("cloudevents.event_id");
    private static final AttributeKey<String> EVENT_TYPE = AttributeKey.stringKey("cloudevents.event_type");

    private final Tracer tracer;

    public Tracing(Tracer tracer) {
        this.tracer = tracer;
    }

    /** A record being consumed: its span (started now) and, once read, its log fields. */
    public final class Consumption {
        private final Span span;
        private Map<String, String> fields = Map.of();

        private Consumption(Span span) {
            this.span = span;
        }

        /** The consumption's traceparent, for the events it causes; null when tracing is off. */
        public String traceparent() {
            return Traceparents.of(span.getSpanContext());
        }

        /** What the event said about itself: its id, type and the log fields of its payload. */
        public void read(String eventId, String eventType, Map<String, String> logFields) {
            span.setAttribute(EVENT_ID, eventId);
            span.setAttribute(EVENT_TYPE, eventType);
            logFields.forEach((field, value) -> span.setAttribute("ksef." + field, value));
            this.fields = Map.copyOf(logFields);
        }

        /** The span current and the log fields set until the scope closes. */
        public Scope enter() {
            Scope current = span.makeCurrent();
            LogFields.putAll(fields);
            Map<String, String> entered = fields;
            return () -> {
                LogFields.clear(entered);
                current.close();
            };
        }

        /** The record went to its dead-letter topic. */
        public void failed(Throwable reason) {
            span.setStatus(StatusCode.ERROR, "dead-lettered: " + reason);
        }

        public void end() {
            span.end();
        }
    }

    public Consumption consuming(ConsumerRecord<String, String> record, String consumer) {
        Span span = tracer.spanBuilder("process " + record.topic())
                .setParent(Traceparents.parent(header(record, Traceparents.HEADER)))
                .setSpanKind(SpanKind.CONSUMER)
                .setAttribute(MESSAGING_SYSTEM, "kafka")
                .setAttribute(DESTINATION, record.topic())
                .setAttribute(OPERATION, "process")
                .setAttribute(CONSUMER_GROUP, consumer)
                .setAttribute(PARTITION, (long) record.partition())
                .setAttribute(OFFSET, record.offset())
                .startSpan();
        return new Consumption(span);
    }

    /** A span that continues a stored traceparent (a new trace when there is none), started now. */
    public Span continuing(String traceparent, String name) {
        return tracer.spanBuilder(name).setParent(Traceparents.parent(traceparent)).setSpanKind(SpanKind.INTERNAL)
                .startSpan();
    }

    /**
     * Runs {@code work} with the consumption current from its subscription to its end, on the caller's Vert.x
     * context: what the handler logs, and the outbox rows it inserts, belong to the record's trace.
     */
    public static <R> Uni<R> within(Consumption consumption, Supplier<Uni<R>> work) {
        return Uni.createFrom().deferred(() -> {
            Scope scope = consumption.enter();
            try {
                return work.get().onTermination().invoke(scope::close);
            } catch (RuntimeException e) {
                scope.close();
                throw e;
            }
        });
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}

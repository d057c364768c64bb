package pl.ksefhub.platform.events;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;

import java.nio.charset.StandardCharsets;

/**
 * A consumed event: its CloudEvents attributes and its JSON payload. Consumers read the fields they need into their
 * own records ({@link #as}), ignoring the rest (tolerant reader); {@code value} is the record's value as received.
 *
 * @param traceparent the trace context of this event's consumption (the consumer's span): a handler that builds
 *                    the events this one causes in a batch passes it to {@code Outbox.PendingEvent}; null when
 *                    tracing is off
 */
public record EventEnvelope(String id, String type, String source, String subject, String key, JsonNode payload,
                            String value, String traceparent) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE, false);

    /**
     * @throws MalformedEventException when the record has no {@code ce_id}/{@code ce_type} or its value is not JSON;
     *                                 such a record goes to the dead-letter topic
     */
    public static EventEnvelope of(ConsumerRecord<String, String> record) {
        return of(record, null);
    }

    /** As {@link #of(ConsumerRecord)}, consumed within the span of this traceparent. */
    public static EventEnvelope of(ConsumerRecord<String, String> record, String traceparent) {
        String id = header(record, CloudEvents.ID);
        String type = header(record, CloudEvents.TYPE);
        if (id == null || type == null) {
            throw new MalformedEventException("missing ce_id or ce_type header");
        }
        try {
            JsonNode payload = JSON.readTree(record.value() == null ? "" : record.value());
            if (payload == null || !payload.isObject()) {
                throw new MalformedEventException("payload is not a JSON object");
            }
            return new EventEnvelope(id, type, header(record, CloudEvents.SOURCE), header(record, CloudEvents.SUBJECT),
                    record.key(), payload, record.value(), traceparent);
        } catch (MalformedEventException e) {
            throw e;
        } catch (Exception e) {
            throw new MalformedEventException("payload is not JSON: " + e.getMessage());
        }
    }

    public <T> T as(Class<T> type) {
        try {
            return JSON.treeToValue(payload, type);
        } catch (Exception e) {
            throw new MalformedEventException("payload does not fit " + type.getSimpleName() + ": " + e.getMessage());
        }
    }

    private static String header(ConsumerRecord<String, String> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    public static class MalformedEventException extends RuntimeException {
        public MalformedEventException(String message) {
            super(message);
        }
    }
}

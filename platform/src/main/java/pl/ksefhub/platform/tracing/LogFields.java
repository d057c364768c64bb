package pl.ksefhub.platform.tracing;

import com.fasterxml.jackson.databind.JsonNode;
import org.jboss.logging.MDC;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The MDC fields every log line carries where they are known, beside OpenTelemetry's own {@code traceId} and
 * {@code spanId}: in JSON logs (production) they are fields of their own, by which one session, invoice or context
 * can be followed through every service. Set by {@link LogFieldsFilter} for a request and by the event consumer for
 * an event.
 */
public final class LogFields {

    public static final String SESSION = "sessionReferenceNumber";
    public static final String INVOICE = "invoiceReferenceNumber";
    public static final String CONTEXT_NIP = "contextNip";

    private LogFields() {
    }

    public static void put(String field, String value) {
        if (value != null && !value.isBlank()) {
            MDC.put(field, value);
        }
    }

    /** The context's NIP when the context is one (a principal's or an event's {@code context}). */
    public static void putContext(String contextType, String contextValue) {
        if ("Nip".equals(contextType)) {
            put(CONTEXT_NIP, contextValue);
        }
    }

    public static void clear(Map<String, String> fields) {
        fields.keySet().forEach(MDC::remove);
    }

    public static void putAll(Map<String, String> fields) {
        fields.forEach(LogFields::put);
    }

    /**
     * The fields an event names, by the conventions of our payloads (docs/EVENTS.md): {@code referenceNumber} is the
     * session's where it is also the record key (session, invoice and UPO events), {@code invoiceReferenceNumber},
     * and {@code context} ({@code {type, value}}) or {@code contextNip}.
     */
    public static Map<String, String> of(String recordKey, JsonNode payload) {
        Map<String, String> fields = new LinkedHashMap<>();
        if (payload == null) {
            return fields;
        }
        String reference = text(payload, "referenceNumber");
        if (reference != null && reference.equals(recordKey)) {
            fields.put(SESSION, reference);
        }
        String invoice = text(payload, "invoiceReferenceNumber");
        if (invoice != null) {
            fields.put(INVOICE, invoice);
        }
        JsonNode context = payload.get("context");
        if (context != null && context.isObject() && "Nip".equals(text(context, "type"))
                && text(context, "value") != null) {
            fields.put(CONTEXT_NIP, text(context, "value"));
        } else if (text(payload, "contextNip") != null) {
            fields.put(CONTEXT_NIP, text(payload, "contextNip"));
        }
        return fields;
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
    }
}

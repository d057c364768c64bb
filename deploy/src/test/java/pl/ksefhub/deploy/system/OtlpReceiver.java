package pl.ksefhub.deploy.system;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;

/**
 * An OTLP/HTTP trace receiver ({@code POST /v1/traces}, {@code application/x-protobuf}) for the system tests: keeps
 * every span the services export. Reads the protobuf wire format of {@code ExportTraceServiceRequest} itself, for
 * the few fields the tests look at (opentelemetry-proto's {@code trace.proto}, {@code resource.proto},
 * {@code common.proto}): no generated classes, no protobuf runtime.
 */
final class OtlpReceiver implements AutoCloseable {

    /**
     * One exported span.
     *
     * @param service    the resource's {@code service.name}
     * @param kind       {@code SpanKind}: 1 internal, 2 server, 3 client, 4 producer, 5 consumer
     * @param attributes the span's attributes of string, integer or boolean value, as text
     */
    record Span(String service, String traceId, String spanId, String parentSpanId, String name, int kind,
                Map<String, String> attributes) {

        static final int SERVER = 2;
        static final int CONSUMER = 5;

        String attribute(String key) {
            return attributes.get(key);
        }
    }

    private final HttpServer server;
    private final List<Span> spans = new ArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (InputStream body = "gzip".equalsIgnoreCase(exchange.getRequestHeaders().getFirst("Content-Encoding"))
                    ? new GZIPInputStream(exchange.getRequestBody()) : exchange.getRequestBody()) {
                List<Span> received = parse(body.readAllBytes());
                synchronized (spans) {
                    spans.addAll(received);
                }
                // An empty ExportTraceServiceResponse: everything accepted.
                exchange.getResponseHeaders().set("Content-Type", "application/x-protobuf");
                exchange.sendResponseHeaders(200, -1);
            } catch (RuntimeException e) {
                exchange.sendResponseHeaders(400, -1);
            } finally {
                exchange.close();
            }
        });
        server.start();
    }

    /** The base endpoint for {@code quarkus.otel.exporter.otlp.traces.endpoint}. */
    String endpoint() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Span> spans() {
        synchronized (spans) {
            return List.copyOf(spans);
        }
    }

    List<Span> trace(String traceId) {
        return spans().stream().filter(span -> span.traceId().equals(traceId)).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }

    /** {@code ExportTraceServiceRequest}: 1 resource_spans. */
    static List<Span> parse(byte[] request) {
        List<Span> result = new ArrayList<>();
        Wire wire = new Wire(request, 0, request.length);
        while (wire.more()) {
            int field = wire.tag();
            if (field == 1) {
                resourceSpans(wire.message(), result);
            } else {
                wire.skip();
            }
        }
        return result;
    }

    /** {@code ResourceSpans}: 1 resource, 2 scope_spans. */
    private static void resourceSpans(Wire wire, List<Span> result) {
        String service = null;
        List<Wire> scopes = new ArrayList<>();
        while (wire.more()) {
            int field = wire.tag();
            if (field == 1) {
                // Resource: 1 attributes.
                Map<String, String> attributes = new LinkedHashMap<>();
                Wire resource = wire.message();
                while (resource.more()) {
                    if (resource.tag() == 1) {
                        keyValue(resource.message(), attributes);
                    } else {
                        resource.skip();
                    }
                }
                service = attributes.get("service.name");
            } else if (field == 2) {
                scopes.add(wire.message());
            } else {
                wire.skip();
            }
        }
        for (Wire scope : scopes) {
            // ScopeSpans: 2 spans.
            while (scope.more()) {
                if (scope.tag() == 2) {
                    result.add(span(service, scope.message()));
                } else {
                    scope.skip();
                }
            }
        }
    }

    /** {@code Span}: 1 trace_id, 2 span_id, 4 parent_span_id, 5 name, 6 kind, 9 attributes. */
    private static Span span(String service, Wire wire) {
        String traceId = null;
        String spanId = null;
        String parent = "";
        String name = null;
        int kind = 0;
        Map<String, String> attributes = new LinkedHashMap<>();
        while (wire.more()) {
            switch (wire.tag()) {
                case 1 -> traceId = HexFormat.of().formatHex(wire.bytes());
                case 2 -> spanId = HexFormat.of().formatHex(wire.bytes());
                case 4 -> parent = HexFormat.of().formatHex(wire.bytes());
                case 5 -> name = wire.string();
                case 6 -> kind = (int) wire.varint();
                case 9 -> keyValue(wire.message(), attributes);
                default -> wire.skip();
            }
        }
        return new Span(service, traceId, spanId, parent, name, kind, attributes);
    }

    /** {@code KeyValue}: 1 key, 2 value; {@code AnyValue}: 1 string, 2 bool, 3 int (others left out). */
    private static void keyValue(Wire wire, Map<String, String> into) {
        String key = null;
        String value = null;
        while (wire.more()) {
            int field = wire.tag();
            if (field == 1) {
                key = wire.string();
            } else if (field == 2) {
                Wire any = wire.message();
                while (any.more()) {
                    switch (any.tag()) {
                        case 1 -> value = any.string();
                        case 2 -> value = Boolean.toString(any.varint() != 0);
                        case 3 -> value = Long.toString(any.varint());
                        default -> any.skip();
                    }
                }
            } else {
                wire.skip();
            }
        }
        if (key != null && value != null) {
            into.put(key, value);
        }
    }

    /** The protobuf wire format over a slice of bytes. */
    private static final class Wire {
        private final byte[] data;
        private int position;
        private final int end;
        private int wireType;

        Wire(byte[] data, int from, int end) {
            this.data = data;
            this.position = from;
            this.end = end;
        }

        boolean more() {
            return position < end;
        }

        /** The next field's number (its wire type kept for what follows). */
        int tag() {
            long tag = varint();
            wireType = (int) (tag & 7);
            return (int) (tag >>> 3);
        }

        long varint() {
            long result = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                byte b = data[position++];
                result |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return result;
                }
            }
            throw new IllegalArgumentException("varint too long");
        }

        byte[] bytes() {
            int length = (int) varint();
            byte[] result = java.util.Arrays.copyOfRange(data, position, position + length);
            position += length;
            return result;
        }

        String string() {
            return new String(bytes(), java.nio.charset.StandardCharsets.UTF_8);
        }

        Wire message() {
            int length = (int) varint();
            Wire nested = new Wire(data, position, position + length);
            position += length;
            return nested;
        }

        void skip() {
            switch (wireType) {
                case 0 -> varint();
                case 1 -> position += 8;
                case 2 -> {
                    // Not "position += varint()": Java reads position before varint() moves it.
                    int length = (int) varint();
                    position += length;
                }
                case 5 -> position += 4;
                default -> throw new IllegalArgumentException("wire type " + wireType);
            }
        }
    }
}

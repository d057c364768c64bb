package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.services.Service;
import pl.ksefhub.deploy.system.OtlpReceiver.Span;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Traces and logs of the running system (README "Observability"): a stack of its own whose services export every
 * span by OTLP/HTTP to a receiver in this test. One invoice is one trace, from the edge through its send, the
 * worker that processes it, upo-service's UPO and invoice-service's consumption of the UPO event, across Kafka and
 * the outboxes; an error body's trace id is that request's, in the service's log and the edge's access log.
 */
class TracingSystemIT {

    private static final Duration PROCESSING = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static OtlpReceiver receiver;
    private static LocalStack stack;
    private static KsefClient client;

    @BeforeAll
    static void start() throws Exception {
        receiver = new OtlpReceiver();
        Path dataDir = Files.createTempDirectory("ksef-tracing-");
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts()
                .services(Set.of(Service.SESSION, Service.INVOICE, Service.UPO))
                // What the prod overlay sets, towards the receiver here, exported within a fraction of a second.
                .serviceEnvironment("QUARKUS_OTEL_TRACES_SAMPLER_ARG", "1")
                .serviceEnvironment("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_PROTOCOL", "http/protobuf")
                .serviceEnvironment("QUARKUS_OTEL_EXPORTER_OTLP_TRACES_ENDPOINT", receiver.endpoint())
                .serviceEnvironment("QUARKUS_OTEL_BSP_SCHEDULE_DELAY", "200ms")
                // JSON log lines, as in production: their MDC is checked below.
                .serviceEnvironment("QUARKUS_LOG_CONSOLE_JSON_ENABLED", "true")
                .startupTimeout(Duration.ofSeconds(Long.parseLong(
                        System.getenv().getOrDefault("KSEF_STARTUP_TIMEOUT", "180").trim())))
                .build());
        client = new KsefClient(stack.baseUrl());
        client.authenticateWithKsefToken(stack.demoAccount().nip(), stack.demoAccount().token());
    }

    @AfterAll
    static void stop() {
        if (stack != null) {
            stack.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void oneInvoiceIsOneTraceFromItsSendToItsUpo() throws Exception {
        OnlineSession session = client.openOnlineSession("FA (3)");
        Answer sent = client.sendInvoice(session, Invoices.fa3(stack.demoAccount().nip(), "TR/" + UUID.randomUUID()));
        assertEquals(202, sent.status(), sent.text());
        String invoice = sent.json().get("referenceNumber").asText();
        // invoice-service has consumed upo.generated once the status names the UPO's URL.
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(300)).until(() -> {
            Answer status = client.invoiceStatus(session.referenceNumber(), invoice);
            return status.status() == 200 && status.json().hasNonNull("upoDownloadUrl");
        });

        String sendPath = "/v2/sessions/online/" + session.referenceNumber() + "/invoices";
        Span send = awaitSpan(span -> "invoice-service".equals(span.service()) && span.kind() == Span.SERVER
                && "POST".equals(span.attribute("http.request.method"))
                && sendPath.equals(span.attribute("url.path")));
        String trace = send.traceId();
        Span processed = awaitSpan(span -> span.traceId().equals(trace) && "invoice-service".equals(span.service())
                && invoice.equals(span.attribute("ksef.invoiceReferenceNumber"))
                && "process invoice".equals(span.name()));
        assertEquals("200", processed.attribute("ksef.status.code"));
        Span upoGenerated = awaitSpan(span -> span.traceId().equals(trace) && "upo-service".equals(span.service())
                && span.kind() == Span.CONSUMER
                && "ksef.invoice.accepted.v1".equals(span.attribute("cloudevents.event_type")));
        Span upoConsumed = awaitSpan(span -> span.traceId().equals(trace) && "invoice-service".equals(span.service())
                && span.kind() == Span.CONSUMER
                && "ksef.upo.generated.v1".equals(span.attribute("cloudevents.event_type")));
        Span counted = awaitSpan(span -> span.traceId().equals(trace) && "session-service".equals(span.service())
                && span.kind() == Span.CONSUMER
                && "ksef.invoice.accepted.v1".equals(span.attribute("cloudevents.event_type")));

        // Each hop is the child of the one before it: through the invoice table, then through the outboxes.
        List<Span> spans = receiver.trace(trace);
        assertParent(send, processed, spans);
        assertEquals(processed.spanId(), upoGenerated.parentSpanId(), "invoice.accepted carries the worker's span");
        assertEquals(processed.spanId(), counted.parentSpanId());
        assertEquals(upoGenerated.spanId(), upoConsumed.parentSpanId(), "upo.generated carries upo-service's span");
        assertEquals(invoice, upoConsumed.attribute("ksef.invoiceReferenceNumber"));
        assertEquals(session.referenceNumber(), upoConsumed.attribute("ksef.sessionReferenceNumber"));
        assertEquals(stack.demoAccount().nip(), upoGenerated.attribute("ksef.contextNip"));

        // The trace starts at the edge: its access-log line of the send names the same trace.
        JsonNode edgeLine = edgeLine(line -> "POST".equals(line.path("method").asText())
                && sendPath.equals(line.path("path").asText()) && line.path("status").asInt() == 202);
        assertEquals(trace, edgeLine.get("traceId").asText());
        assertEquals("invoice-service", edgeLine.get("upstream").asText());
    }

    @Test
    void anErrorBodysTraceIdIsItsRequestsTraceInTheServiceLogAndTheEdgeLog() throws Exception {
        OnlineSession session = client.openOnlineSession("FA (3)");
        String path = "/v2/sessions/" + session.referenceNumber() + "/invoices/no-such-invoice";
        Answer error = client.getWithHeader(path, client.accessToken(), "X-Error-Format", "problem-details");
        assertTrue(error.status() >= 400, error.text());
        String traceId = error.json().get("traceId").asText();
        assertTrue(traceId.matches("[0-9a-f]{32}") && !traceId.equals("0".repeat(32)), traceId);

        Path log = stack.logsDir().resolve("invoice-service.log");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("(traceId " + traceId + ")"));
        JsonNode line = JSON.readTree(Files.readAllLines(log).stream().filter(l -> l.contains("(traceId " + traceId))
                .findFirst().orElseThrow());
        assertTrue(line.get("message").asText().startsWith(error.status() + " on " + path), line.toString());
        // The log fields: the trace, the session of the path, the context of the bearer token.
        assertEquals(traceId, line.at("/mdc/traceId").asText(), line.toString());
        assertEquals(session.referenceNumber(), line.at("/mdc/sessionReferenceNumber").asText(), line.toString());
        assertEquals(stack.demoAccount().nip(), line.at("/mdc/contextNip").asText(), line.toString());

        Span server = awaitSpan(span -> span.traceId().equals(traceId) && span.kind() == Span.SERVER);
        assertEquals("invoice-service", server.service());
        assertEquals(String.valueOf(error.status()), server.attribute("http.response.status_code"));
        assertEquals(traceId, edgeLine(l -> path.equals(l.path("path").asText())).get("traceId").asText());
    }

    /** {@code child} descends from {@code ancestor}: its parent, or a parent's parent, and so on, in the trace. */
    private static void assertParent(Span ancestor, Span child, List<Span> trace) {
        String at = child.parentSpanId();
        for (int hops = 0; hops < 10 && !at.isEmpty(); hops++) {
            if (at.equals(ancestor.spanId())) {
                return;
            }
            String current = at;
            at = trace.stream().filter(span -> span.spanId().equals(current)).map(Span::parentSpanId).findFirst()
                    .orElse("");
        }
        fail(child.name() + " of " + child.service() + " does not descend from " + ancestor.name() + ": " + trace);
    }

    private static Span awaitSpan(Predicate<Span> which) {
        return await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .until(() -> receiver.spans().stream().filter(which).findFirst().orElse(null), Objects::nonNull);
    }

    private static JsonNode edgeLine(Predicate<JsonNode> which) throws Exception {
        Path log = stack.logsDir().resolve("edge-access.log");
        return await().atMost(Duration.ofSeconds(10)).until(() -> Files.readAllLines(log).stream()
                .map(TracingSystemIT::parsePlain).filter(Objects::nonNull).filter(which).findFirst()
                .orElse(null), Objects::nonNull);
    }

    /**
     * A plain access-log line ({@code time method path status durationms upstream=x traceparent=y}) as the JSON
     * line would have it.
     */
    private static JsonNode parsePlain(String line) {
        if (line.startsWith("{")) {
            try {
                return JSON.readTree(line);
            } catch (Exception e) {
                return null;
            }
        }
        String[] parts = line.split(" ");
        if (parts.length < 7) {
            return null;
        }
        String traceparent = parts[6].substring("traceparent=".length());
        return JSON.createObjectNode().put("method", parts[1]).put("path", parts[2])
                .put("status", Integer.parseInt(parts[3])).put("upstream", parts[5].substring("upstream=".length()))
                .put("traceparent", traceparent).put("traceId", traceparent.substring(3, 35));
    }
}

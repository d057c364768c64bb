package pl.ksefhub.deploy.edge;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.regex.Pattern;

import io.vertx.core.json.JsonObject;

/**
 * The edge's access log: one line per request with its method, path, status, duration, the service that answered
 * ({@code -} for the edge itself) and the W3C {@code traceparent} the request went on with, plain text or JSON (one
 * object a line, {@code KSEF_EDGE_LOG_JSON=true}). The local stack writes {@code <data>/logs/edge-access.log}, the
 * edge's image its standard output.
 *
 * <p>Also where a request's trace starts: a request without a valid {@code traceparent} gets a new one (a new
 * trace id, sampled), which the edge forwards; one with a valid one keeps it. The edge records no span of its own:
 * the services' server spans are the first ones exported, children of the edge's id.
 */
public final class EdgeAccessLog implements AutoCloseable {

    /** A log that writes nothing: tests of the proxy that do not look at it. */
    public static final EdgeAccessLog NONE = new EdgeAccessLog(null, false);

    private static final Pattern TRACEPARENT = Pattern.compile("00-([0-9a-f]{32})-([0-9a-f]{16})-[0-9a-f]{2}");
    private static final String INVALID_TRACE = "0".repeat(32);
    private static final String INVALID_SPAN = "0".repeat(16);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Writer out;
    private final boolean json;
    /** False for standard output, which outlives the edge. */
    private final boolean owned;

    private EdgeAccessLog(Writer out, boolean json) {
        this(out, json, true);
    }

    private EdgeAccessLog(Writer out, boolean json, boolean owned) {
        this.out = out;
        this.json = json;
        this.owned = owned;
    }

    /** Appends to {@code file} (created with its folder). */
    public static EdgeAccessLog toFile(Path file, boolean json) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            return new EdgeAccessLog(Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND), json);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot open the edge's access log " + file, e);
        }
    }

    public static EdgeAccessLog to(PrintStream stream, boolean json) {
        return new EdgeAccessLog(new OutputStreamWriter(stream, StandardCharsets.UTF_8), json, false);
    }

    /** {@code KSEF_EDGE_LOG_JSON=true}: JSON lines. */
    public static boolean jsonFrom(Map<String, String> env) {
        return "true".equalsIgnoreCase(env.getOrDefault("KSEF_EDGE_LOG_JSON", "false").trim());
    }

    /** The request's own traceparent when it is a valid one, else a new trace's (sampled). */
    public static String traceparent(String received) {
        if (received != null) {
            var matcher = TRACEPARENT.matcher(received.trim());
            if (matcher.matches() && !matcher.group(1).equals(INVALID_TRACE)
                    && !matcher.group(2).equals(INVALID_SPAN)) {
                return received.trim();
            }
        }
        return "00-" + hex(16) + "-" + hex(8) + "-01";
    }

    /** The trace id of a traceparent that {@link #traceparent} gave. */
    public static String traceId(String traceparent) {
        return traceparent.substring(3, 35);
    }

    /** One line: {@code upstream} is the service's module name, or null when the edge answered itself. */
    public void log(String method, String path, int status, long durationMillis, String upstream,
                    String traceparent) {
        if (out == null) {
            return;
        }
        String line;
        if (json) {
            line = new JsonObject().put("timestamp", Instant.now().toString()).put("method", method)
                    .put("path", path).put("status", status).put("durationMs", durationMillis)
                    .put("upstream", upstream == null ? "-" : upstream).put("traceId", traceId(traceparent))
                    .put("traceparent", traceparent).encode();
        } else {
            line = Instant.now() + " " + method + " " + path + " " + status + " " + durationMillis + "ms upstream="
                    + (upstream == null ? "-" : upstream) + " traceparent=" + traceparent;
        }
        synchronized (this) {
            try {
                out.write(line);
                out.write('\n');
                // A line at a time: tail -f and a test see a request as soon as it ended.
                out.flush();
            } catch (IOException e) {
                // An access log that cannot be written must not fail the requests it describes.
            }
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public synchronized void close() {
        if (out == null) {
            return;
        }
        try {
            if (owned) {
                out.close();
            } else {
                out.flush();
            }
        } catch (IOException e) {
            // Closing at shutdown: nothing left to do with it.
        }
    }
}

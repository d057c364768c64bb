package pl.ksefhub.platform.error;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Every operation of the official KSeF 2.0 spec ({@code ksef-operations.tsv}, made from {@code open-api.json}: method,
 * path under {@code /v2}, whether it needs a bearer token, summary). A request for one that no resource of the
 * service serves yet is answered 501 naming the operation (or 401 first, as KSeF checks the token first), never a
 * bare 404 or 405: a client learns that the operation exists in KSeF and is missing here.
 */
public final class SpecOperations {

    /** One operation of the spec. */
    public record Operation(String method, String path, boolean bearer, String summary, Pattern template) {

        /** {@code POST /v2/permissions/persons/grants (Nadanie osobom fizycznym uprawnień do pracy w KSeF)}. */
        public String describe() {
            return method + " " + path + (summary.isEmpty() ? "" : " (" + summary + ")");
        }
    }

    private static final List<Operation> OPERATIONS = load();

    private SpecOperations() {
    }

    public static List<Operation> all() {
        return OPERATIONS;
    }

    /** The operation of the spec for this method and path (without query), if there is one. */
    public static Optional<Operation> match(String method, String path) {
        return OPERATIONS.stream()
                .filter(operation -> operation.method().equalsIgnoreCase(method)
                        && operation.template().matcher(path).matches())
                .findFirst();
    }

    private static List<Operation> load() {
        List<Operation> operations = new ArrayList<>();
        try (InputStream in = SpecOperations.class.getResourceAsStream("ksef-operations.tsv")) {
            if (in == null) {
                throw new IllegalStateException("missing ksef-operations.tsv");
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t", -1);
                operations.add(new Operation(columns[0], columns[1], "bearer".equals(columns[2]), columns[3],
                        Pattern.compile(columns[1].replaceAll("\\{[^/}]+}", "[^/]+"))));
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        // Fewer placeholders first, so /sessions/batch is not taken for /sessions/{referenceNumber}.
        operations.sort(java.util.Comparator.comparingLong(a -> a.path().chars().filter(c -> c == '{').count()));
        return List.copyOf(operations);
    }
}

package pl.ksefhub.platform.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The operations the platform knows are the official spec's, and requests find theirs. */
class SpecOperationsTest {

    /** The spec beside the repository (shared/ksef), as the developers' and CI's machines have it. */
    private static final Path SPEC = Path.of("../../shared/ksef/open-api.json");

    @Test
    void theListIsTheSpecsEveryMethodAndPathWithItsSecurity() throws Exception {
        assumeTrue(Files.exists(SPEC), "no " + SPEC.toAbsolutePath());
        JsonNode spec = new ObjectMapper().readTree(SPEC.toFile());
        Set<String> expected = new TreeSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = spec.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            path.getValue().fields().forEachRemaining(op -> expected.add(op.getKey().toUpperCase() + " /v2"
                    + path.getKey() + " " + (op.getValue().path("security").isEmpty() ? "public" : "bearer")));
        }
        assertEquals(expected, SpecOperations.all().stream()
                .map(op -> op.method() + " " + op.path() + " " + (op.bearer() ? "bearer" : "public"))
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void aRequestFindsItsOperationLiteralPathsBeforeTemplates() {
        assertEquals("/v2/sessions/batch", SpecOperations.match("POST", "/v2/sessions/batch").orElseThrow().path());
        assertEquals("/v2/sessions/{referenceNumber}/invoices/failed",
                SpecOperations.match("GET", "/v2/sessions/20261203-SO-1/invoices/failed").orElseThrow().path());
        assertEquals("/v2/permissions/common/grants/{permissionId}",
                SpecOperations.match("delete", "/v2/permissions/common/grants/abc").orElseThrow().path());
        assertTrue(SpecOperations.match("POST", "/v2/permissions/persons/grants").orElseThrow().bearer());
        assertFalse(SpecOperations.match("GET", "/v2/peppol/query").orElseThrow().bearer());
        assertTrue(SpecOperations.match("PUT", "/v2/sessions/batch").isEmpty());
        assertTrue(SpecOperations.match("GET", "/v2/permissions/persons/grants/extra").isEmpty());
    }

    @Test
    void theInstanceIsThePathTheClientCalled() {
        assertEquals("/api/v2/x", ErrorBodies.instance("/api", "/v2/x"));
        assertEquals("/v2/x", ErrorBodies.instance((String) null, "/v2/x"));
        assertEquals("/v2/x", ErrorBodies.instance("evil\r\nheader", "/v2/x"));
    }
}

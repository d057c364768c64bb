package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.edge.ApiDocument;
import pl.ksefhub.deploy.edge.EdgeRoutes;
import pl.ksefhub.deploy.services.Service;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The edge's merged OpenAPI document against the running platform: it names exactly the operations that the edge
 * routes to a service which really serves them (that service's own generated document, {@code /q/openapi}), the KSeF
 * ones as the Ministry's document has them, ksef-hub's own tagged as such; Swagger UI and the AsyncAPI document are
 * served next to it.
 */
class ApiDocumentSystemIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private static RunningStack.Target target;
    private static HttpClient http;
    private static JsonNode merged;
    private static final Map<Service, JsonNode> GENERATED = new EnumMap<>(Service.class);
    private static final JsonNode OFFICIAL = ApiDocument.withOfficialDocument().official();

    @BeforeAll
    static void fetch() throws Exception {
        target = RunningStack.get();
        assumeTrue(target.servicePorts() != null, "needs the stack this test JVM starts (the services' own ports)");
        http = HttpClient.newHttpClient();
        HttpResponse<String> answer = get(target.baseUrl() + "/openapi.json");
        assertEquals(200, answer.statusCode(), answer.body());
        assertTrue(answer.headers().firstValue("content-type").orElse("").startsWith("application/json"));
        merged = JSON.readTree(answer.body());
        for (Service service : Service.values()) {
            HttpResponse<String> own = get("http://127.0.0.1:" + target.servicePorts().get(service)
                    + "/q/openapi?format=json");
            assertEquals(200, own.statusCode(), service + ": " + own.body());
            GENERATED.put(service, JSON.readTree(own.body()));
        }
    }

    @Test
    void everyOperationItNamesIsRoutedByTheEdgeToAServiceThatServesIt() {
        int operations = 0;
        Set<String> seen = new HashSet<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = merged.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            assertTrue(seen.add(path.getKey().replaceAll("\\{[^/}]+}", "{}")),
                    "one path item per path, whatever its parameters are called: " + path.getKey());
            for (Iterator<String> methods = path.getValue().fieldNames(); methods.hasNext(); ) {
                String method = methods.next();
                if (!METHODS.contains(method)) {
                    continue;
                }
                operations++;
                String described = method.toUpperCase() + " " + path.getKey();
                Optional<EdgeRoutes.Target> routed = EdgeRoutes.resolve(method.toUpperCase(),
                        path.getKey().replaceAll("\\{[^/}]+}", "20261204-SO-0000000000-0000000000-00"));
                assertTrue(routed.isPresent(), described + " is not routed by the edge");
                assertTrue(servedBy(routed.get().service(), method, path.getKey()),
                        described + " is not served by " + routed.get().service());
            }
        }
        assertTrue(operations >= 70, "operations: " + operations);
    }

    @Test
    void everyOperationTheServicesServeBehindTheEdgeIsInIt() {
        Set<String> missing = new TreeSet<>();
        GENERATED.forEach((service, document) -> document.path("paths").fields().forEachRemaining(path ->
                path.getValue().fieldNames().forEachRemaining(method -> {
                    if (!METHODS.contains(method)) {
                        return;
                    }
                    Optional<EdgeRoutes.Target> routed = EdgeRoutes.resolve(method.toUpperCase(),
                            path.getKey().replaceAll("\\{[^/}]+}", "x"));
                    boolean behindTheEdge = routed.isPresent() && routed.get().service() == service;
                    if (behindTheEdge && !has(merged, method, path.getKey())) {
                        missing.add(method.toUpperCase() + " " + path.getKey() + " (" + service + ")");
                    }
                })));
        assertEquals(Set.of(), missing);
        // The operators' availability endpoints are on session-service alone, never behind the edge.
        assertFalse(merged.path("paths").fieldNames().next().startsWith("/admin"));
        merged.path("paths").fieldNames().forEachRemaining(path -> assertFalse(path.startsWith("/admin"), path));
    }

    @Test
    void kSeFOperationsAreTheOfficialOnesAndTheUnservedAreNamedAsSuch() {
        assertEquals(OFFICIAL.path("components").path("securitySchemes").path("Bearer"),
                merged.path("components").path("securitySchemes").path("Bearer"));
        assertEquals(OFFICIAL.path("openapi"), merged.path("openapi"));
        int official = 0;
        for (Iterator<Map.Entry<String, JsonNode>> paths = OFFICIAL.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            String absolute = "/v2" + path.getKey();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> operation = ops.next();
                if (!METHODS.contains(operation.getKey())) {
                    continue;
                }
                JsonNode ours = merged.path("paths").path(absolute).path(operation.getKey());
                if (ours.isMissingNode()) {
                    Service owner = EdgeRoutes.resolve(operation.getKey().toUpperCase(),
                            absolute.replaceAll("\\{[^/}]+}", "x")).orElseThrow().service();
                    assertFalse(servedBy(owner, operation.getKey(), absolute), absolute + " is served but missing");
                    assertTrue(merged.at("/info/description").asText()
                            .contains(operation.getKey().toUpperCase() + " " + absolute), absolute);
                } else {
                    official++;
                    assertEquals(operation.getValue(), ours, "as the Ministry's document has it: " + absolute);
                }
            }
        }
        assertTrue(official >= 55, "official operations served: " + official);
    }

    @Test
    void ksefHubsOwnOperationsAreTaggedAsSuch() {
        Set<String> extraTags = new TreeSet<>();
        merged.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (!METHODS.contains(op.getKey()) || !op.getValue().path("x-ksef-hub").asBoolean()) {
                return;
            }
            JsonNode tags = op.getValue().path("tags");
            assertEquals(1, tags.size(), path.getKey());
            String tag = tags.get(0).asText();
            assertTrue(tag.startsWith(ApiDocument.EXTRA_TAG_PREFIX), path.getKey() + ": " + tag);
            assertFalse(tag.equals(ApiDocument.OTHER_EXTRA), op.getKey() + " " + path.getKey()
                    + " needs its row in ApiDocument.EXTRAS");
            extraTags.add(tag);
        }));
        for (List<String> own : List.of(List.of("post", "/api/recurring-documents/add"),
                List.of("get", "/api/sale-documents"), List.of("post", "/v2/tickets/{contextNip}"),
                List.of("get", "/api/online/Session/Terminate"), List.of("delete", "/v2/sessions/{referenceNumber}"),
                List.of("get", "/status"))) {
            JsonNode operation = merged.path("paths").path(own.get(1)).path(own.get(0));
            assertTrue(operation.path("x-ksef-hub").asBoolean(), own.toString());
        }
        JsonNode group = null;
        for (JsonNode candidate : merged.path("x-tagGroups")) {
            if (candidate.path("name").asText().equals(ApiDocument.EXTRAS_GROUP)) {
                group = candidate;
            }
        }
        assertNotNull(group);
        Set<String> grouped = new TreeSet<>();
        group.path("tags").forEach(tag -> grouped.add(tag.asText()));
        assertEquals(extraTags, grouped);
        // Every $ref resolves inside the merged document.
        merged.findValues("$ref").forEach(ref -> assertFalse(
                merged.at(ref.asText().substring(1)).isMissingNode(), "unresolved " + ref));
    }

    @Test
    void swaggerUiAndTheAsyncApiDocumentAreServedByTheEdge() throws Exception {
        HttpResponse<String> page = get(target.baseUrl() + "/swagger-ui/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("\"/openapi.json\""), page.body());
        assertEquals(200, get(target.baseUrl() + "/swagger-ui/swagger-ui-bundle.js").statusCode());
        assertEquals(404, get(target.baseUrl() + "/swagger-ui/../../etc/passwd").statusCode());
        HttpResponse<String> asyncApi = get(target.baseUrl() + "/asyncapi.yaml");
        assertEquals(200, asyncApi.statusCode());
        assertEquals(Files.readString(StackOptions.locateRepository().resolve("docs/asyncapi.yaml")),
                asyncApi.body());
    }

    private static boolean servedBy(Service service, String method, String path) {
        return has(GENERATED.get(service), method, path);
    }

    private static boolean has(JsonNode document, String method, String path) {
        String template = path.replaceAll("\\{[^/}]+}", "{}");
        for (Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = paths.next();
            if (entry.getKey().replaceAll("\\{[^/}]+}", "{}").equals(template) && entry.getValue().has(method)) {
                return true;
            }
        }
        return false;
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
    }
}

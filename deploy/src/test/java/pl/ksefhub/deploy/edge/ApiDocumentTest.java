package pl.ksefhub.deploy.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.services.Service;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The merge on small generated documents: what is served and routed goes in, as KSeF or as ksef-hub's own. */
class ApiDocumentTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ApiDocument DOCUMENT = ApiDocument.withOfficialDocument();

    @Test
    void anOfficialOperationIsTakenFromTheMinistrysDocumentOnlyWhenItsServiceServesIt() throws Exception {
        JsonNode session = JSON.readTree("""
                {"openapi": "3.1.0", "paths": {
                  "/v2/auth/sessions": {"get": {"summary": "generated", "tags": ["Auth Resource"]}},
                  "/v2/sessions/{ref}": {"get": {"tags": ["Session Query Resource"]}}}}""");
        ObjectNode merged = DOCUMENT.merge(Map.of(Service.SESSION, session));

        assertEquals(DOCUMENT.official().at("/paths/~1auth~1sessions/get"),
                merged.at("/paths/~1v2~1auth~1sessions/get"));
        assertEquals(DOCUMENT.official().at("/paths/~1sessions~1{referenceNumber}/get"),
                merged.at("/paths/~1v2~1sessions~1{referenceNumber}/get"), "matched whatever the parameter's name");
        assertTrue(merged.at("/paths/~1v2~1auth~1sessions~1current/delete").isMissingNode(), "not served");
        String description = merged.at("/info/description").asText();
        assertTrue(description.contains("DELETE /v2/auth/sessions/current"), description);
        assertTrue(description.contains("invoice-service"), "not running: " + description);
        assertEquals(DOCUMENT.official().at("/components/securitySchemes/Bearer"),
                merged.at("/components/securitySchemes/Bearer"));
        assertEquals("/", merged.at("/servers/0/url").asText());
    }

    @Test
    void ownOperationsAreTaggedAndBringTheirSchemasOnlyWhenTheEdgeRoutesThem() throws Exception {
        JsonNode recurring = JSON.readTree("""
                {"openapi": "3.1.0", "paths": {
                  "/api/recurring-documents/add": {"post": {"summary": "Add", "responses": {"200": {"content":
                    {"application/json": {"schema": {"$ref": "#/components/schemas/ApiEnvelope"}}}}}}},
                  "/admin/secret": {"get": {}}},
                 "components": {"schemas": {
                   "ApiEnvelope": {"type": "object", "properties": {"when": {"$ref": "#/components/schemas/When"}}},
                   "When": {"type": ["string", "null"], "format": "date", "examples": ["2026-12-04"]}}}}""");
        ObjectNode merged = DOCUMENT.merge(Map.of(Service.RECURRING, recurring));

        JsonNode add = merged.at("/paths/~1api~1recurring-documents~1add/post");
        assertEquals("ksef-hub: recurring documents", add.at("/tags/0").asText());
        assertTrue(add.path("x-ksef-hub").asBoolean());
        assertEquals("Bearer", add.at("/security/0").fieldNames().next());
        assertFalse(merged.path("paths").has("/admin/secret"), "the edge does not route it");
        assertEquals("string", merged.at("/components/schemas/When/type").asText(), "OpenAPI 3.0, as the official");
        assertTrue(merged.at("/components/schemas/When/nullable").asBoolean());
        assertEquals("2026-12-04", merged.at("/components/schemas/When/example").asText());
        assertTrue(merged.at("/components/schemas/ApiEnvelope").isObject());
        boolean grouped = false;
        for (JsonNode group : merged.path("x-tagGroups")) {
            grouped |= group.path("name").asText().equals(ApiDocument.EXTRAS_GROUP)
                    && group.path("tags").toString().contains("ksef-hub: recurring documents");
        }
        assertTrue(grouped);
    }
}

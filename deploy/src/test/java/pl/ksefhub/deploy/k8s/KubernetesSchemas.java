package pl.ksefhub.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Validates Kubernetes objects against the vendored schemas of deploy/k8s/schemas (README.md there), strictly: an
 * object schema that lists its properties is closed unless it says otherwise ({@code additionalProperties},
 * {@code x-kubernetes-preserve-unknown-fields}), so an unknown or misspelt field is an error, as with
 * {@code kubectl apply --validate=strict}. A kind without a schema is an error too.
 */
final class KubernetesSchemas {

    private static final String OBJECT_META = "io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta";
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode definitions;
    private final Map<String, JsonSchema> schemas = new HashMap<>();
    private final Map<String, Boolean> namespaced = new HashMap<>();

    KubernetesSchemas(Path dir) {
        ObjectMapper json = new ObjectMapper();
        JsonSchemaFactory factory = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7);
        try {
            JsonNode kubernetes = json.readTree(dir.resolve("kubernetes.json").toFile());
            definitions = (ObjectNode) kubernetes.get("definitions").deepCopy();
            definitions.fields().forEachRemaining(definition -> strict(definition.getValue()));
            // Both are strings in the OpenAPI document, but the API accepts numbers for them.
            definitions.set("io.k8s.apimachinery.pkg.util.intstr.IntOrString", stringOr("integer"));
            definitions.set("io.k8s.apimachinery.pkg.api.resource.Quantity", stringOr("number"));
            kubernetes.get("kinds").fields().forEachRemaining(kind -> {
                ObjectNode schema = NODES.objectNode();
                schema.put("$ref", "#/definitions/" + kind.getValue().asText());
                schema.set("definitions", definitions);
                schemas.put(kind.getKey(), factory.getSchema(schema));
                namespaced.put(kind.getKey(), !kind.getKey().equals("v1/Namespace"));
            });
            try (DirectoryStream<Path> crds = Files.newDirectoryStream(dir, "*_*_*.json")) {
                for (Path file : crds) {
                    JsonNode crd = json.readTree(file.toFile());
                    ObjectNode schema = (ObjectNode) crd.get("schema").deepCopy();
                    strict(schema);
                    // The API server checks a custom resource's metadata as any object's.
                    ((ObjectNode) schema.with("properties")).set("metadata",
                            NODES.objectNode().put("$ref", "#/definitions/" + OBJECT_META));
                    schema.set("definitions", definitions);
                    String key = crd.get("apiVersion").asText() + "/" + crd.get("kind").asText();
                    schemas.put(key, factory.getSchema(schema));
                    namespaced.put(key, crd.get("scope").asText().equals("Namespaced"));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The errors of one object, each with its path; empty when it is valid. */
    List<String> validate(JsonNode object) {
        String key = object.path("apiVersion").asText() + "/" + object.path("kind").asText();
        JsonSchema schema = schemas.get(key);
        if (schema == null) {
            return List.of("no schema for " + key + " in deploy/k8s/schemas");
        }
        List<String> errors = new ArrayList<>();
        for (ValidationMessage message : schema.validate(object)) {
            errors.add(message.getMessage());
        }
        return errors;
    }

    boolean isNamespaced(JsonNode object) {
        return namespaced.getOrDefault(object.path("apiVersion").asText() + "/" + object.path("kind").asText(), true);
    }

    private static ObjectNode stringOr(String type) {
        ObjectNode node = NODES.objectNode();
        ArrayNode anyOf = node.putArray("anyOf");
        anyOf.addObject().put("type", "string");
        anyOf.addObject().put("type", type);
        return node;
    }

    /** Closes every object schema with properties; int-or-string as both; preserve-unknown-fields left open. */
    private static void strict(JsonNode node) {
        if (node.isArray()) {
            node.forEach(KubernetesSchemas::strict);
            return;
        }
        if (!node.isObject()) {
            return;
        }
        ObjectNode schema = (ObjectNode) node;
        if (schema.path("x-kubernetes-int-or-string").asBoolean()) {
            schema.remove("type");
            schema.remove("x-kubernetes-int-or-string");
            schema.setAll(stringOr("integer"));
        }
        boolean preserve = schema.path("x-kubernetes-preserve-unknown-fields").asBoolean();
        if (schema.has("properties") && !schema.has("additionalProperties") && !preserve) {
            schema.put("additionalProperties", false);
        }
        // OpenAPI's nullable: null is a valid value of such a field.
        if (schema.path("nullable").asBoolean() && schema.has("type") && schema.get("type").isTextual()) {
            ArrayNode types = NODES.arrayNode().add(schema.get("type").asText()).add("null");
            schema.set("type", types);
        }
        Iterator<Map.Entry<String, JsonNode>> fields = schema.fields();
        Set<String> skip = Set.of("enum", "default", "example", "required");
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getKey().equals("properties") || field.getKey().equals("definitions")
                    || field.getKey().equals("patternProperties")) {
                field.getValue().forEach(KubernetesSchemas::strict);
            } else if (!skip.contains(field.getKey())) {
                strict(field.getValue());
            }
        }
    }
}

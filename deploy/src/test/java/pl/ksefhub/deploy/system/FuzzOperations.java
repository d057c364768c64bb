package pl.ksefhub.deploy.system;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The operations the fuzzer attacks: every operation of the official spec (open-api.json, under {@code /v2}) with a
 * plausible request made from its example or schema, plus ksef-hub's own routes outside the spec (the README's
 * route table and {@code deploy/edge/EdgeRoutes}).
 */
final class FuzzOperations {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    /**
     * @param pathTemplate the path the edge answers, {@code {name}} for each path parameter
     * @param body         a plausible JSON body, or null when the operation reads none (or reads XML)
     * @param xml          a plausible XML body for operations that accept XML, or null
     */
    record Operation(String method, String pathTemplate, List<String> pathParams, List<Param> queryParams,
                     JsonNode body, String xml) {

        String name() {
            return method + " " + pathTemplate;
        }

        /** The path with every parameter at its plausible value, {@code override} for one of them. */
        String path(String overriddenParam, String overrideValue) {
            Matcher m = PATH_PARAM.matcher(pathTemplate);
            StringBuilder out = new StringBuilder();
            while (m.find()) {
                String value = m.group(1).equals(overriddenParam) ? overrideValue : plausiblePathValue(m.group(1));
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }
    }

    /** A query parameter and a plausible value for it (null: leave it out when not overridden). */
    record Param(String name, String plausible, boolean required) {
    }

    private FuzzOperations() {
    }

    /** The spec beside the repository ({@code shared/ksef/open-api.json} in an ancestor folder), if there. */
    static Optional<Path> findSpec() {
        String configured = System.getProperty("ksef.spec");
        if (configured != null) {
            return Optional.of(Path.of(configured));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path spec = dir.resolve("shared/ksef/open-api.json");
            if (Files.exists(spec)) {
                return Optional.of(spec);
            }
        }
        return Optional.empty();
    }

    static List<Operation> all(Path spec, String bystanderNip) throws IOException {
        JsonNode root = new ObjectMapper().readTree(spec.toFile());
        List<Operation> operations = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> paths = root.get("paths").fields(); paths.hasNext(); ) {
            Map.Entry<String, JsonNode> path = paths.next();
            for (Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); ) {
                Map.Entry<String, JsonNode> op = ops.next();
                operations.add(fromSpec(root, op.getKey().toUpperCase(), "/v2" + path.getKey(), op.getValue(),
                        bystanderNip));
            }
        }
        operations.addAll(extraRoutes(bystanderNip));
        return operations;
    }

    private static Operation fromSpec(JsonNode root, String method, String path, JsonNode op, String bystander) {
        List<String> pathParams = new ArrayList<>();
        List<Param> query = new ArrayList<>();
        for (JsonNode parameter : op.path("parameters")) {
            String name = parameter.get("name").asText();
            switch (parameter.path("in").asText()) {
                case "path" -> pathParams.add(name);
                case "query" -> query.add(new Param(name, plausibleQueryValue(root, parameter.path("schema")),
                        parameter.path("required").asBoolean()));
                default -> { }
            }
        }
        JsonNode content = op.path("requestBody").path("content");
        JsonNode body = null;
        String xml = null;
        if (content.has("application/json")) {
            JsonNode media = content.get("application/json");
            body = media.has("example") ? media.get("example").deepCopy() : sample(root, media.path("schema"), 0);
            body = replaceNips(body, bystander);
        }
        if (content.has("application/xml")) {
            xml = content.get("application/xml").path("example").asText("<a/>");
        }
        return new Operation(method, path, pathParams, query, body, xml);
    }

    /**
     * The routes outside the spec: recurring documents, sale documents, token tickets and KSeF 1.0's terminate
     * (README "Three operations outside the KSeF 2.0 spec" and the recurring-service section).
     */
    private static List<Operation> extraRoutes(String bystander) {
        ObjectNode recurring = NODES.objectNode();
        recurring.put("name", "Abonament");
        recurring.put("intervalType", "MONTH");
        recurring.put("intervalValue", 1);
        recurring.put("startDate", "2030-01-01");
        recurring.put("hour", 8);
        recurring.putObject("saleDocument").put("buyerNip", bystander).put("net", 100.0);
        ObjectNode find = NODES.objectNode();
        find.put("page", 1).put("pageSize", 10);
        ObjectNode ticket = NODES.objectNode();
        ticket.put("data", "20250101-EC-0000000000-0000000000-00|nip-" + bystander + "|" + "0".repeat(64));
        String ticketXml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><TokenTicketRequest><Data>x</Data>"
                + "</TokenTicketRequest>";
        List<Param> none = List.of();
        return List.of(
                new Operation("POST", "/api/recurring-documents/add", List.of(), none, recurring, null),
                new Operation("GET", "/api/recurring-documents/get/{id}", List.of("id"), none, null, null),
                new Operation("POST", "/api/recurring-documents/get/{id}", List.of("id"), none, NODES.objectNode(),
                        null),
                new Operation("POST", "/api/recurring-documents/find", List.of(), none, find, null),
                new Operation("POST", "/api/recurring-documents/update", List.of(), none,
                        recurring.deepCopy().put("id", "1"), null),
                new Operation("POST", "/api/recurring-documents/delete/{id}", List.of("id"), none, null, null),
                new Operation("DELETE", "/api/recurring-documents/delete/{id}", List.of("id"), none, null, null),
                new Operation("GET", "/api/recurring-documents/delete/{id}", List.of("id"), none, null, null),
                new Operation("POST", "/api/recurring-documents/init", List.of(), none, NODES.objectNode(), null),
                new Operation("GET", "/api/recurring-documents/init", List.of(), none, null, null),
                new Operation("GET", "/api/sale-documents", List.of(),
                        List.of(new Param("page", "1", false), new Param("pageSize", "10", false)), null, null),
                new Operation("GET", "/api/sale-documents/{id}", List.of("id"), none, null, null),
                new Operation("POST", "/v2/tickets/{contextNip}", List.of("contextNip"), none, ticket, ticketXml),
                new Operation("GET", "/api/online/Session/Terminate", List.of(), none, null, null),
                new Operation("GET", "/status", List.of(), none, null, null),
                new Operation("GET", "/messages", List.of(), none, null, null));
    }

    static String plausiblePathValue(String name) {
        return switch (name) {
            case "ksefNumber" -> "5265877635-20250101-0123456789AB-5C";
            case "contextNip" -> "5265877635";
            case "permissionId", "id" -> "1";
            case "certificateSerialNumber" -> "0123456789ABCDEF";
            default -> "20250101-SO-0123456789-0123456789-01";
        };
    }

    private static String plausibleQueryValue(JsonNode root, JsonNode schema) {
        JsonNode s = resolve(root, schema);
        if (s.has("enum")) {
            return s.get("enum").get(0).asText();
        }
        return switch (s.path("type").asText()) {
            case "integer", "number" -> s.has("minimum") ? s.get("minimum").asText() : "10";
            case "boolean" -> "true";
            case "array" -> plausibleQueryValue(root, s.path("items"));
            default -> "date-time".equals(s.path("format").asText()) ? "2025-01-01T00:00:00Z" : "x";
        };
    }

    /** A small value of the schema: objects with every property, the first enum value, one array item. */
    private static JsonNode sample(JsonNode root, JsonNode schema, int depth) {
        JsonNode s = resolve(root, schema);
        if (depth > 6) {
            return NODES.nullNode();
        }
        if (s.has("example")) {
            return s.get("example").deepCopy();
        }
        if (s.has("enum")) {
            return s.get("enum").get(0).deepCopy();
        }
        String type = s.path("type").asText(s.has("properties") ? "object" : "string");
        switch (type) {
            case "object" -> {
                ObjectNode object = NODES.objectNode();
                s.path("properties").fields().forEachRemaining(p -> object.set(p.getKey(),
                        sample(root, p.getValue(), depth + 1)));
                return object;
            }
            case "array" -> {
                ArrayNode array = NODES.arrayNode();
                array.add(sample(root, s.path("items"), depth + 1));
                return array;
            }
            case "integer", "number" -> {
                return NODES.numberNode(s.has("minimum") ? s.get("minimum").asLong() : 1);
            }
            case "boolean" -> {
                return NODES.booleanNode(true);
            }
            default -> {
                return NODES.textNode("date-time".equals(s.path("format").asText()) ? "2025-01-01T00:00:00Z" : "x");
            }
        }
    }

    /** Follows {@code $ref} and a one-element {@code allOf}/{@code oneOf}, merging sibling keywords into it. */
    private static JsonNode resolve(JsonNode root, JsonNode schema) {
        JsonNode s = schema;
        for (int i = 0; i < 10; i++) {
            if (s.has("$ref")) {
                s = root.at(s.get("$ref").asText().substring(1));
            } else if (s.has("allOf") && !s.has("properties")) {
                s = s.get("allOf").get(0);
            } else if (s.has("oneOf")) {
                s = s.get("oneOf").get(0);
            } else if (s.has("anyOf")) {
                s = s.get("anyOf").get(0);
            } else {
                return s;
            }
        }
        return s;
    }

    /**
     * Examples name the demo NIP (5265877635) and other real-looking ones: a fuzzed "block this context" or "remove
     * this subject" must not hit a context that other system tests use, so every ten-digit value becomes a NIP no
     * one else uses.
     */
    private static JsonNode replaceNips(JsonNode node, String bystander) {
        if (node == null) {
            return null;
        }
        if (node.isTextual() && node.asText().matches("\\d{10}")) {
            return NODES.textNode(bystander);
        }
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            names.forEach(name -> object.set(name, replaceNips(object.get(name), bystander)));
        } else if (node.isArray()) {
            ArrayNode array = (ArrayNode) node;
            for (int i = 0; i < array.size(); i++) {
                array.set(i, replaceNips(array.get(i), bystander));
            }
        }
        return node;
    }
}

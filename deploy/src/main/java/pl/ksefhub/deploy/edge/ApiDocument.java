package pl.ksefhub.deploy.edge;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import pl.ksefhub.deploy.services.Service;

/**
 * The one OpenAPI document of the whole platform, as the edge serves it ({@code GET /openapi.json}).
 *
 * <p>Built from two sources, each for what it is good at. The Ministry's {@code open-api.json} (bundled from the
 * contract) gives every KSeF operation its tags, summaries, descriptions, schemas, rate limits and the
 * {@code Bearer} scheme, exactly as KSeF documents them; it lists an operation here only when the service that the
 * edge routes it to really serves it (its own generated document, {@code /q/openapi}, has the method and path), so
 * nothing is named that would answer 501. The services' generated documents give ksef-hub's own operations (those
 * the official document lacks and the edge routes), each tagged {@code ksef-hub: ...} by {@link #EXTRAS}. Paths are
 * absolute ({@code /v2/...}) against the edge's base URL; {@code /api/v2/...} works the same.
 *
 * <p>Pure: no I/O but reading the bundled document, so the merge is tested without a network.
 */
public final class ApiDocument {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFICIAL_RESOURCE = "ksef-open-api.json";
    private static final String API_PREFIX = "/v2";
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch", "head", "options");
    private static final String SCHEMAS = "#/components/schemas/";

    /** The tag group that holds every tag of ksef-hub's own operations. */
    public static final String EXTRAS_GROUP = "ksef-hub (poza KSeF)";
    /** Every tag of an operation not in the official document starts with this. */
    public static final String EXTRA_TAG_PREFIX = "ksef-hub: ";

    /**
     * ksef-hub's own operations, first match wins: method (null: any), path prefix, tag, description of the tag,
     * security. An operation the services serve and the edge routes but no row names gets {@link #OTHER_EXTRA}, which
     * the tests refuse: a new operation needs its row.
     */
    static final List<Extra> EXTRAS = List.of(
            new Extra(null, "/api/recurring-documents", "ksef-hub: recurring documents",
                    "Dokumenty cykliczne: faktury wystawiane ponownie z przyjętej faktury według harmonogramu i "
                            + "wysyłane e-mailem z UPO (recurring-service). Bearer albo HTTP Basic NIP:token KSeF.",
                    List.of("Bearer", "Basic")),
            new Extra(null, "/api/sale-documents", "ksef-hub: sale documents",
                    "Dokumenty sprzedaży: przyjęte faktury kontekstu, wzory dokumentów cyklicznych "
                            + "(recurring-service). Bearer albo HTTP Basic NIP:token KSeF.",
                    List.of("Bearer", "Basic")),
            new Extra(null, "/v2/tickets/", "ksef-hub: token tickets",
                    "Kim jest token KSeF albo token dostępu (session-service). Bearer albo HTTP Basic NIP:token KSeF.",
                    List.of("Bearer", "Basic")),
            new Extra(null, "/api/online/Session/Terminate", "ksef-hub: KSeF 1.0",
                    "KSeF 1.0: wymuszone zakończenie sesji interaktywnej, pod ścieżką z 1.0 "
                            + "(nagłówek SessionToken).",
                    List.of("SessionToken")),
            new Extra("delete", "/v2/sessions/", "ksef-hub: session deletion",
                    "Usunięcie zakończonej sesji i wszystkiego, co do niej należy, we wszystkich usługach "
                            + "(docs/EVENTS.md, \"Deleting a session\").",
                    List.of("Bearer")),
            new Extra(null, "/status", "ksef-hub: availability (Latarnia)",
                    "Dostępność pod ścieżkami Latarni Ministerstwa (api-latarnia.ksef.mf.gov.pl), anonimowo.",
                    List.of()),
            new Extra(null, "/messages", "ksef-hub: availability (Latarnia)", null, List.of()),
            new Extra(null, "/v2/qr/certificate/", "ksef-hub: KOD II verification",
                    "Weryfikacja linku KOD II podpisanego certyfikatem KSeF typu Offline, anonimowo.", List.of()),
            new Extra(null, "/v2/qr/invoice/", "ksef-hub: KOD I verification",
                    "Weryfikacja linku KOD I (faktura po NIP sprzedawcy, dacie wystawienia i skrócie pliku), "
                            + "anonimowo.", List.of()),
            new Extra(null, "/v2/invoices/exports/", "ksef-hub: invoice export parts",
                    "Części paczki eksportu: adresy downloadUrl, które podaje GET /v2/invoices/exports/{ref} "
                            + "(w KSeF: magazyn plików), bez tokenu dostępu.",
                    List.of()),
            new Extra(null, "/v2/.well-known/", "ksef-hub: access token keys",
                    "Klucze publiczne, którymi usługi sprawdzają tokeny dostępu (JWKS), anonimowo.", List.of()),
            new Extra(null, "/storage/upo/", "ksef-hub: UPO downloads",
                    "Adresy downloadUrl UPO (w KSeF: magazyn plików), bez tokenu dostępu; x-ms-meta-hash = SHA-256.",
                    List.of()));

    /** The tag of an own operation that no row of {@link #EXTRAS} names. */
    public static final String OTHER_EXTRA = "ksef-hub: other";

    /** A row of {@link #EXTRAS}. */
    record Extra(String method, String pathPrefix, String tag, String tagDescription, List<String> security) {

        boolean matches(String method, String path) {
            return (this.method == null || this.method.equals(method)) && path.startsWith(pathPrefix);
        }
    }

    private final JsonNode official;

    private ApiDocument(JsonNode official) {
        this.official = official;
    }

    /** With the Ministry's document bundled in this jar. */
    public static ApiDocument withOfficialDocument() {
        try (InputStream in = ApiDocument.class.getResourceAsStream(OFFICIAL_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing " + OFFICIAL_RESOURCE + " next to " + ApiDocument.class);
            }
            return new ApiDocument(JSON.readTree(in));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The Ministry's document as bundled (not to be changed). */
    public JsonNode official() {
        return official;
    }

    /**
     * The merged document.
     *
     * @param generated each running service's own document ({@code /q/openapi}); a service missing here (down, or
     *                  not in this stack) contributes nothing, and the description says so
     */
    public ObjectNode merge(Map<Service, JsonNode> generated) {
        ObjectNode merged = JSON.createObjectNode();
        merged.put("openapi", official.path("openapi").asText("3.0.4"));
        ObjectNode paths = JSON.createObjectNode();
        ObjectNode schemas = official.path("components").path("schemas").deepCopy();
        List<String> notServed = new ArrayList<>();

        official.path("paths").fields().forEachRemaining(entry -> {
            String path = API_PREFIX + entry.getKey();
            entry.getValue().fields().forEachRemaining(operation -> {
                if (!METHODS.contains(operation.getKey())) {
                    return;
                }
                Optional<Service> owner = owner(operation.getKey(), path);
                boolean served = owner.isPresent() && generated.containsKey(owner.get())
                        && has(generated.get(owner.get()), operation.getKey(), path);
                if (served) {
                    pathItem(paths, path, entry.getValue()).set(operation.getKey(), operation.getValue().deepCopy());
                } else {
                    notServed.add(operation.getKey().toUpperCase() + " " + path);
                }
            });
        });

        Map<String, Extra> extraTagsUsed = new LinkedHashMap<>();
        for (Map.Entry<Service, JsonNode> service : generated.entrySet()) {
            JsonNode document = service.getValue();
            document.path("paths").fields().forEachRemaining(entry -> {
                String path = entry.getKey();
                entry.getValue().fields().forEachRemaining(operation -> {
                    String method = operation.getKey();
                    if (!METHODS.contains(method) || isOfficial(method, path)
                            || !owner(method, path).equals(Optional.of(service.getKey()))) {
                        return; // the official document describes it, or the edge does not route it there
                    }
                    Extra extra = EXTRAS.stream().filter(row -> row.matches(method, path)).findFirst()
                            .orElse(new Extra(null, "", OTHER_EXTRA, null, List.of()));
                    extraTagsUsed.putIfAbsent(extra.tag(), extra);
                    ObjectNode copy = operation.getValue().deepCopy();
                    copy.set("tags", JSON.createArrayNode().add(extra.tag()));
                    ArrayNode security = JSON.createArrayNode();
                    extra.security().forEach(scheme -> security.addObject().set(scheme, JSON.createArrayNode()));
                    copy.set("security", security);
                    copy.put("x-ksef-hub", true);
                    copySchemas(copy, document, schemas, service.getKey());
                    downgradeSchemas(copy);
                    pathItem(paths, path, null).set(method, copy);
                });
            });
        }

        merged.set("info", info(generated.keySet(), notServed));
        merged.set("servers", JSON.createArrayNode().add(JSON.createObjectNode().put("url", "/")
                .put("description", "this ksef-hub (the edge); /api/v2/... is the same as /v2/...")));
        merged.set("paths", paths);
        ObjectNode components = merged.putObject("components");
        components.set("schemas", schemas);
        ObjectNode schemes = official.path("components").path("securitySchemes").deepCopy();
        schemes.putObject("Basic").put("type", "http").put("scheme", "basic")
                .put("description", "ksef-hub: NIP kontekstu i token KSeF (NIP:token) zamiast tokenu dostępu.");
        schemes.putObject("SessionToken").put("type", "apiKey").put("in", "header").put("name", "SessionToken")
                .put("description", "KSeF 1.0: token dostępu w nagłówku SessionToken.");
        components.set("securitySchemes", schemes);
        ArrayNode tags = official.path("tags").deepCopy();
        ArrayNode extraGroup = JSON.createArrayNode();
        extraTagsUsed.values().forEach(extra -> {
            ObjectNode tag = tags.addObject().put("name", extra.tag());
            EXTRAS.stream().filter(row -> row.tag().equals(extra.tag()) && row.tagDescription() != null)
                    .findFirst().ifPresent(row -> tag.put("description", row.tagDescription()));
            extraGroup.add(extra.tag());
        });
        merged.set("tags", tags);
        ArrayNode groups = official.path("x-tagGroups").deepCopy();
        groups.addObject().put("name", EXTRAS_GROUP).set("tags", extraGroup);
        merged.set("x-tagGroups", groups);
        return merged;
    }

    private ObjectNode info(Set<Service> answered, List<String> notServed) {
        JsonNode officialInfo = official.path("info");
        String apiVersion = officialInfo.path("description").asText()
                .replaceAll("(?s).*\\*\\*Wersja API:\\*\\* ([^ <]+).*", "$1");
        StringBuilder description = new StringBuilder()
                .append("KSeF 2.0 API as this ksef-hub serves it, behind one base URL. Operations, tags and schemas ")
                .append("of KSeF as in the Ministry of Finance's open-api.json (").append(officialInfo.path("title")
                        .asText()).append(", API ").append(apiVersion).append("); ksef-hub's own operations are ")
                .append("tagged `ksef-hub: ...` (group \"").append(EXTRAS_GROUP).append("\"). The event stream: ")
                .append("[/asyncapi.yaml](/asyncapi.yaml).\n\n");
        List<String> missing = new ArrayList<>();
        for (Service service : Service.values()) {
            if (!answered.contains(service)) {
                missing.add(service.moduleName());
            }
        }
        if (!missing.isEmpty()) {
            description.append("**Not running now** (their operations are left out): ")
                    .append(String.join(", ", missing)).append(".\n\n");
        }
        if (!notServed.isEmpty()) {
            description.append("**KSeF operations not served here** (they answer 501 naming the operation): ")
                    .append(String.join(", ", notServed)).append(".\n");
        }
        return JSON.createObjectNode()
                .put("title", "ksef-hub")
                .put("description", description.toString())
                .put("version", apiVersion);
    }

    /** The service the edge sends this operation to. */
    static Optional<Service> owner(String method, String pathTemplate) {
        String concrete = pathTemplate.replaceAll("\\{[^/}]+}", "x");
        return EdgeRoutes.resolve(method.toUpperCase(), concrete).map(EdgeRoutes.Target::service);
    }

    /** Whether the official document has this operation ({@code path} absolute, {@code /v2/...}). */
    boolean isOfficial(String method, String path) {
        if (!path.startsWith(API_PREFIX + "/")) {
            return false;
        }
        String template = normalized(path.substring(API_PREFIX.length()));
        Iterator<Map.Entry<String, JsonNode>> paths = official.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            if (normalized(entry.getKey()).equals(template) && entry.getValue().has(method)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a generated document has this method and path, whatever its parameters are called. */
    static boolean has(JsonNode document, String method, String path) {
        String template = normalized(path);
        Iterator<Map.Entry<String, JsonNode>> paths = document.path("paths").fields();
        while (paths.hasNext()) {
            Map.Entry<String, JsonNode> entry = paths.next();
            if (normalized(entry.getKey()).equals(template) && entry.getValue().has(method)) {
                return true;
            }
        }
        return false;
    }

    /** {@code /sessions/{referenceNumber}} and {@code /sessions/{ref}} are one path. */
    static String normalized(String path) {
        return path.replaceAll("\\{[^/}]+}", "{}");
    }

    private static ObjectNode pathItem(ObjectNode paths, String path, JsonNode officialItem) {
        if (!paths.has(path)) {
            ObjectNode item = paths.putObject(path);
            if (officialItem != null) {
                officialItem.fields().forEachRemaining(field -> {
                    if (!METHODS.contains(field.getKey())) {
                        item.set(field.getKey(), field.getValue().deepCopy()); // parameters, summary
                    }
                });
            }
        }
        return (ObjectNode) paths.get(path);
    }

    /**
     * Brings the schemas an own operation refers to along from its service's document. A name the official
     * document has stays the official schema: the services name their types after KSeF's on purpose. Another
     * service's schema of the same name but other content is taken as {@code <service>.<name>}.
     */
    private void copySchemas(ObjectNode operation, JsonNode document, ObjectNode schemas, Service service) {
        JsonNode officialSchemas = official.path("components").path("schemas");
        JsonNode available = document.path("components").path("schemas");
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(operation));
        Map<String, String> renamed = new LinkedHashMap<>();
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                ObjectNode object = (ObjectNode) node;
                JsonNode ref = object.get("$ref");
                if (ref != null && ref.asText().startsWith(SCHEMAS)) {
                    String name = ref.asText().substring(SCHEMAS.length());
                    JsonNode schema = available.get(name);
                    if (schema != null && !renamed.containsKey(name)) {
                        ObjectNode copy = schema.deepCopy();
                        downgradeSchemas(copy);
                        String target = name;
                        if (!officialSchemas.has(name) && schemas.has(name) && !schemas.get(name).equals(copy)) {
                            target = service.moduleName() + "." + name;
                        }
                        renamed.put(name, target);
                        if (!schemas.has(target)) {
                            schemas.set(target, copy);
                            pending.push(copy);
                        }
                    }
                    if (renamed.containsKey(name)) {
                        object.set("$ref", TextNode.valueOf(SCHEMAS + renamed.get(name)));
                    }
                }
                object.elements().forEachRemaining(pending::push);
            } else if (node.isArray()) {
                node.elements().forEachRemaining(pending::push);
            }
        }
    }

    /**
     * The services generate OpenAPI 3.1; the merged document is the official one's 3.0: {@code examples: [x]} in a
     * schema becomes {@code example: x}, {@code type: [t, "null"]} becomes {@code type: t, nullable: true}.
     */
    private static void downgradeSchemas(JsonNode root) {
        Deque<JsonNode> pending = new ArrayDeque<>(List.of(root));
        while (!pending.isEmpty()) {
            JsonNode node = pending.pop();
            if (node.isObject()) {
                ObjectNode object = (ObjectNode) node;
                JsonNode type = object.get("type");
                if (type != null && type.isArray()) {
                    List<String> types = new ArrayList<>();
                    type.forEach(t -> types.add(t.asText()));
                    boolean nullable = types.remove("null");
                    object.put("type", types.isEmpty() ? "string" : types.get(0));
                    if (nullable) {
                        object.put("nullable", true);
                    }
                }
                JsonNode examples = object.get("examples");
                if (examples != null && examples.isArray()) {
                    object.remove("examples");
                    if (!examples.isEmpty()) {
                        object.set("example", examples.get(0));
                    }
                }
                object.elements().forEachRemaining(pending::push);
            } else if (node.isArray()) {
                node.elements().forEachRemaining(pending::push);
            }
        }
    }
}

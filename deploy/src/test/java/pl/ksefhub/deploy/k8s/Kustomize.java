package pl.ksefhub.deploy.k8s;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * Renders a Kustomize directory as {@code kubectl kustomize} (kustomize v5) does, for the subset of Kustomize that
 * deploy/k8s uses; a field or an option outside that subset is an error, never silently ignored.
 *
 * <p>Why not kustomize itself: no package of Maven Central, Debian or the npm registry carries a current one (Debian's
 * kubernetes-client is kubectl 1.20, whose kustomize 2.0.3 predates {@code labels} and {@code patches}), and
 * downloading a release binary is not possible on our machines. The subset: {@code resources} (files and
 * directories with a kustomization), {@code namespace}, {@code labels} (without selectors), {@code images},
 * {@code replicas}, {@code patches} (strategic merge, by the patch's own kind and name or by a {@code target} kind
 * and optional name), {@code configMapGenerator} and {@code secretGenerator} ({@code files}, {@code literals},
 * {@code type}, {@code behavior} create/merge/replace) with {@code generatorOptions.disableNameSuffixHash: true}
 * (so that no name reference needs rewriting: a rotated Secret needs a {@code kubectl rollout restart}).
 */
final class Kustomize {

    static final YAMLMapper YAML = new YAMLMapper();

    private static final Set<String> FIELDS = Set.of("apiVersion", "kind", "namespace", "labels", "resources",
            "images", "replicas", "patches", "configMapGenerator", "secretGenerator", "generatorOptions");
    private static final Set<String> CLUSTER_SCOPED = Set.of("Namespace", "CustomResourceDefinition", "ClusterRole",
            "ClusterRoleBinding", "PersistentVolume", "StorageClass", "GatewayClass", "IngressClass");
    /** The strategic-merge keys of the lists deploy/k8s may patch (Kubernetes' list-map keys of each field). */
    private static final Map<String, String> MERGE_KEYS = Map.of("containers", "name", "initContainers", "name",
            "env", "name", "volumes", "name", "volumeMounts", "mountPath", "topologySpreadConstraints", "topologyKey,whenUnsatisfiable",
            "imagePullSecrets", "name");

    private Kustomize() {
    }

    /** Every object of the kustomization in {@code dir}, in the order kustomize emits them for this subset. */
    static List<ObjectNode> render(Path dir) {
        Path file = dir.resolve("kustomization.yaml");
        JsonNode kustomization = readAll(file).get(0);
        kustomization.fieldNames().forEachRemaining(field -> {
            if (!FIELDS.contains(field)) {
                throw new IllegalArgumentException(file + ": '" + field + "' is not supported by this renderer");
            }
        });
        List<ObjectNode> objects = new ArrayList<>();
        for (JsonNode resource : kustomization.path("resources")) {
            Path path = dir.resolve(resource.asText()).normalize();
            if (Files.isDirectory(path)) {
                objects.addAll(render(path));
            } else {
                readAll(path).forEach(object -> objects.add((ObjectNode) object));
            }
        }
        boolean generators = kustomization.has("configMapGenerator") || kustomization.has("secretGenerator");
        if (generators && !kustomization.path("generatorOptions").path("disableNameSuffixHash").asBoolean()) {
            throw new IllegalArgumentException(file + ": generators need generatorOptions.disableNameSuffixHash: true");
        }
        kustomization.path("generatorOptions").fieldNames().forEachRemaining(field -> {
            if (!field.equals("disableNameSuffixHash")) {
                throw new IllegalArgumentException(file + ": generatorOptions." + field + " is not supported");
            }
        });
        for (JsonNode generator : kustomization.path("configMapGenerator")) {
            generate(dir, "ConfigMap", generator, objects);
        }
        for (JsonNode generator : kustomization.path("secretGenerator")) {
            generate(dir, "Secret", generator, objects);
        }
        for (JsonNode patch : kustomization.path("patches")) {
            patch(dir, patch, objects);
        }
        if (kustomization.has("namespace")) {
            String namespace = kustomization.get("namespace").asText();
            objects.stream().filter(o -> !CLUSTER_SCOPED.contains(o.path("kind").asText()))
                    .forEach(o -> metadata(o).put("namespace", namespace));
        }
        for (JsonNode label : kustomization.path("labels")) {
            if (label.path("includeSelectors").asBoolean(false)) {
                throw new IllegalArgumentException(file + ": labels with includeSelectors are not supported");
            }
            boolean templates = label.path("includeTemplates").asBoolean(false);
            for (ObjectNode object : objects) {
                addLabels(metadata(object), label.path("pairs"));
                JsonNode template = object.path("spec").path("template");
                if (templates && template.isObject()) {
                    addLabels(metadata((ObjectNode) template), label.path("pairs"));
                }
            }
        }
        for (JsonNode image : kustomization.path("images")) {
            objects.forEach(object -> setImage(object, image));
        }
        for (JsonNode replicas : kustomization.path("replicas")) {
            List<ObjectNode> named = objects.stream()
                    .filter(o -> o.path("metadata").path("name").asText().equals(replicas.path("name").asText()))
                    .filter(o -> o.path("spec").has("replicas") || o.path("kind").asText().equals("Deployment"))
                    .toList();
            if (named.isEmpty()) {
                throw new IllegalArgumentException(file + ": replicas of unknown " + replicas.path("name"));
            }
            named.forEach(o -> ((ObjectNode) o.get("spec")).put("replicas", replicas.path("count").asInt()));
        }
        return objects;
    }

    private static void generate(Path dir, String kind, JsonNode generator, List<ObjectNode> objects) {
        String name = generator.path("name").asText();
        Map<String, String> data = new LinkedHashMap<>();
        for (JsonNode literal : generator.path("literals")) {
            String text = literal.asText();
            int equals = text.indexOf('=');
            data.put(text.substring(0, equals), text.substring(equals + 1));
        }
        for (JsonNode entry : generator.path("files")) {
            String text = entry.asText();
            int equals = text.indexOf('=');
            String key = equals < 0 ? Path.of(text).getFileName().toString() : text.substring(0, equals);
            Path path = dir.resolve(equals < 0 ? text : text.substring(equals + 1)).normalize();
            if (!path.startsWith(dir.normalize())) {
                throw new IllegalArgumentException(path + " is outside the kustomization " + dir);
            }
            try {
                data.put(key, Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException(name + ": cannot read " + path, e);
            }
        }
        generator.fieldNames().forEachRemaining(field -> {
            if (!Set.of("name", "literals", "files", "type", "behavior").contains(field)) {
                throw new IllegalArgumentException(dir + ": " + kind + " generator field " + field + " not supported");
            }
        });
        ObjectNode dataNode = JsonNodeFactory.instance.objectNode();
        data.forEach((key, value) -> dataNode.put(key, kind.equals("Secret")
                ? Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) : value));
        String behavior = generator.path("behavior").asText("create");
        ObjectNode existing = objects.stream().filter(o -> o.path("kind").asText().equals(kind)
                && o.path("metadata").path("name").asText().equals(name)).findFirst().orElse(null);
        switch (behavior) {
            case "create" -> {
                if (existing != null) {
                    throw new IllegalArgumentException(dir + ": " + kind + " " + name + " exists already");
                }
                ObjectNode object = JsonNodeFactory.instance.objectNode();
                object.put("apiVersion", "v1").put("kind", kind);
                object.putObject("metadata").put("name", name);
                if (generator.has("type")) {
                    object.put("type", generator.get("type").asText());
                } else if (kind.equals("Secret")) {
                    object.put("type", "Opaque");
                }
                object.set("data", dataNode);
                objects.add(object);
            }
            case "merge", "replace" -> {
                if (existing == null) {
                    throw new IllegalArgumentException(dir + ": no " + kind + " " + name + " to " + behavior);
                }
                if (behavior.equals("replace")) {
                    existing.putObject("data");
                }
                ((ObjectNode) existing.with("data")).setAll(dataNode);
            }
            default -> throw new IllegalArgumentException(dir + ": generator behavior " + behavior);
        }
    }

    private static void patch(Path dir, JsonNode patch, List<ObjectNode> objects) {
        List<JsonNode> documents = patch.has("path") ? readAll(dir.resolve(patch.get("path").asText()))
                : readAllFromString(patch.path("patch").asText());
        JsonNode target = patch.path("target");
        for (JsonNode document : documents) {
            String kind = target.path("kind").asText(document.path("kind").asText());
            String name = target.has("kind") ? target.path("name").asText(null)
                    : document.path("metadata").path("name").asText();
            List<ObjectNode> matched = objects.stream().filter(o -> o.path("kind").asText().equals(kind))
                    .filter(o -> name == null || o.path("metadata").path("name").asText().equals(name)).toList();
            if (matched.isEmpty()) {
                throw new IllegalArgumentException(dir + ": patch matches no object (" + kind + " " + name + ")");
            }
            for (ObjectNode object : matched) {
                ObjectNode body = document.deepCopy();
                if (target.has("kind")) {
                    // A targeted patch names no object of its own.
                    body.remove("metadata");
                    body.remove("kind");
                    body.remove("apiVersion");
                }
                merge(object, body);
            }
        }
    }

    /** Strategic merge: maps merge, listed lists merge by key, other lists and scalars replace; null deletes. */
    static void merge(ObjectNode target, JsonNode patch) {
        Iterator<Map.Entry<String, JsonNode>> fields = patch.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode current = target.get(field.getKey());
            JsonNode value = field.getValue();
            if (value.isNull()) {
                target.remove(field.getKey());
            } else if (value.isObject() && current != null && current.isObject()) {
                merge((ObjectNode) current, value);
            } else if (value.isArray() && current != null && current.isArray()
                    && (MERGE_KEYS.containsKey(field.getKey()) || isContainerPorts(field.getKey(), value))) {
                String key = MERGE_KEYS.getOrDefault(field.getKey(), "containerPort");
                mergeList((ArrayNode) current, (ArrayNode) value, key);
            } else {
                target.set(field.getKey(), value.deepCopy());
            }
        }
    }

    private static boolean isContainerPorts(String field, JsonNode value) {
        return field.equals("ports") && value.size() > 0 && value.get(0).has("containerPort");
    }

    private static void mergeList(ArrayNode current, ArrayNode patch, String key) {
        for (JsonNode element : patch) {
            JsonNode match = null;
            for (JsonNode candidate : current) {
                boolean same = true;
                for (String part : key.split(",")) {
                    same &= candidate.path(part).equals(element.path(part));
                }
                if (same) {
                    match = candidate;
                }
            }
            if (match != null) {
                merge((ObjectNode) match, element);
            } else {
                current.add(element.deepCopy());
            }
        }
    }

    private static void addLabels(ObjectNode metadata, JsonNode pairs) {
        ObjectNode labels = metadata.with("labels");
        pairs.fields().forEachRemaining(pair -> labels.put(pair.getKey(), pair.getValue().asText()));
    }

    private static void setImage(ObjectNode object, JsonNode image) {
        JsonNode podSpec = object.path("spec").path("template").path("spec");
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode container : podSpec.path(list)) {
                String current = container.path("image").asText();
                String bare = current.contains("@") ? current.substring(0, current.indexOf('@')) : current;
                int colon = bare.lastIndexOf(':');
                if (colon > bare.lastIndexOf('/')) {
                    bare = bare.substring(0, colon);
                }
                if (!bare.equals(image.path("name").asText())) {
                    continue;
                }
                String name = image.path("newName").asText(bare);
                String result = name + (image.has("newTag") ? ":" + image.get("newTag").asText() : "")
                        + (image.has("digest") ? "@" + image.get("digest").asText() : "");
                ((ObjectNode) container).put("image", result);
            }
        }
    }

    private static ObjectNode metadata(ObjectNode object) {
        return object.with("metadata");
    }

    static List<JsonNode> readAll(Path file) {
        try {
            return readAllFromString(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static List<JsonNode> readAllFromString(String yaml) {
        try {
            List<JsonNode> documents = new ArrayList<>();
            YAML.readerFor(JsonNode.class).readValues(yaml).forEachRemaining(document -> {
                JsonNode node = (JsonNode) document;
                if (node != null && !node.isNull() && !node.isMissingNode() && node.size() > 0) {
                    documents.add(node);
                }
            });
            return documents;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

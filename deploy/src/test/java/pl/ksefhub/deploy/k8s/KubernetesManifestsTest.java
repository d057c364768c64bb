package pl.ksefhub.deploy.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import pl.ksefhub.deploy.edge.EdgeMain;
import pl.ksefhub.deploy.services.Service;

/**
 * deploy/k8s as an operator applies it: each overlay's secrets are made by make-secrets.sh, the overlay is rendered
 * ({@link Kustomize}), every object is validated strictly against the Kubernetes and CRD schemas
 * ({@link KubernetesSchemas}), and every reference between objects resolves: Service selectors and ports, Secret
 * and ConfigMap names and keys, the edge's upstreams, the Ingress, the Gateway and its HTTPRoute, PDBs and monitors,
 * the Kafka topics the services use, and the environment variables, which must be settings the services read.
 */
class KubernetesManifestsTest {

    private static final Path K8S = Path.of("k8s");
    private static final Map<String, List<ObjectNode>> RENDERED = new HashMap<>();
    private static KubernetesSchemas schemas;

    @TempDir
    static Path work;

    @BeforeAll
    static void render() throws Exception {
        schemas = new KubernetesSchemas(K8S.resolve("schemas"));
        Path copy = work.resolve("k8s");
        try (Stream<Path> files = Files.walk(K8S)) {
            for (Path file : files.filter(f -> !f.toString().contains("/secrets")).toList()) {
                Path target = copy.resolve(K8S.relativize(file).toString());
                if (Files.isDirectory(file)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(file, target);
                }
            }
        }
        Path anchors = work.resolve("anchors.pem");
        for (String overlay : List.of("dev", "prod")) {
            ProcessBuilder script = new ProcessBuilder("bash", copy.resolve("make-secrets.sh").toString(), overlay)
                    .redirectErrorStream(true);
            if (overlay.equals("prod")) {
                // What an operator gives in production; the trust anchors are any PEM bundle for this test.
                Files.writeString(anchors, "");
                script.environment().putAll(Map.of("KSEF_HOST", "ksef-hub.example.com",
                        "KSEF_TRUST_ANCHORS", anchors.toString(), "KSEF_MAILER_USERNAME", "mailer",
                        "KSEF_MAILER_PASSWORD", "secret", "KSEF_BACKUP_ACCESS_KEY_ID", "id",
                        "KSEF_BACKUP_SECRET_ACCESS_KEY", "secret"));
            }
            Process process = script.start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(process.waitFor(60, TimeUnit.SECONDS), "make-secrets.sh " + overlay);
            assertEquals(0, process.exitValue(), "make-secrets.sh " + overlay + ": " + output);
            RENDERED.put(overlay, Kustomize.render(copy.resolve("overlays").resolve(overlay)));
        }
    }

    private static List<ObjectNode> objects(String overlay) {
        return RENDERED.get(overlay);
    }

    private static List<ObjectNode> ofKind(String overlay, String kind) {
        return objects(overlay).stream().filter(o -> o.path("kind").asText().equals(kind)).toList();
    }

    private static ObjectNode named(String overlay, String kind, String name) {
        return ofKind(overlay, kind).stream().filter(o -> name(o).equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError(overlay + ": no " + kind + " " + name));
    }

    private static String name(JsonNode object) {
        return object.path("metadata").path("name").asText();
    }

    /**
     * Where kubectl is installed (it is no build requirement), its kustomize renders the same objects as
     * {@link Kustomize}: the renderer's subset is checked against the real thing.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void rendersAsKubectlKustomizeDoesWhereKubectlIsInstalled(String overlay) throws Exception {
        Path kubectl = Stream.of(System.getenv().getOrDefault("PATH", "").split(":"))
                .map(dir -> Path.of(dir, "kubectl")).filter(Files::isExecutable).findFirst().orElse(null);
        org.junit.jupiter.api.Assumptions.assumeTrue(kubectl != null, "no kubectl on PATH");
        Process process = new ProcessBuilder(kubectl.toString(), "kustomize",
                work.resolve("k8s/overlays").resolve(overlay).toString()).redirectError(ProcessBuilder.Redirect
                .DISCARD).start();
        List<JsonNode> theirs = Kustomize.YAML.readerFor(JsonNode.class)
                .<JsonNode>readValues(process.getInputStream()).readAll();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        org.junit.jupiter.api.Assumptions.assumeTrue(process.exitValue() == 0, "kubectl kustomize failed");
        Map<String, JsonNode> expected = new HashMap<>();
        theirs.forEach(object -> expected.put(identity(object), object));
        Map<String, JsonNode> ours = new HashMap<>();
        objects(overlay).forEach(object -> ours.put(identity(object), object));
        assertEquals(new TreeSet<>(expected.keySet()), new TreeSet<>(ours.keySet()));
        expected.forEach((id, object) -> assertEquals(unwrapped(object), unwrapped(ours.get(id)), id));
    }

    /** kubectl wraps a Secret's long base64 values over lines: the same data. */
    private static JsonNode unwrapped(JsonNode object) {
        ObjectNode copy = object.deepCopy();
        if (copy.path("data").isObject() && copy.path("kind").asText().equals("Secret")) {
            ObjectNode data = (ObjectNode) copy.get("data");
            List<String> keys = new ArrayList<>();
            data.fieldNames().forEachRemaining(keys::add);
            keys.forEach(key -> data.put(key, data.get(key).asText().replaceAll("\\s", "")));
        }
        return copy;
    }

    private static String identity(JsonNode object) {
        return object.path("kind").asText() + " " + object.path("metadata").path("namespace").asText() + "/"
                + name(object);
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyObjectIsValidAgainstItsSchema(String overlay) {
        List<String> errors = new ArrayList<>();
        Set<String> identities = new HashSet<>();
        for (ObjectNode object : objects(overlay)) {
            String id = object.path("apiVersion").asText() + " " + object.path("kind").asText() + " " + name(object);
            schemas.validate(object).forEach(error -> errors.add(id + ": " + error));
            assertTrue(identities.add(id), "twice: " + id);
            if (schemas.isNamespaced(object)) {
                assertFalse(object.path("metadata").path("namespace").asText().isEmpty(), id + " has no namespace");
            }
        }
        assertEquals(List.of(), errors);
    }

    @Test
    void theValidatorRefusesAnUnknownFieldAndAWrongType() {
        ObjectNode deployment = named("prod", "Deployment", "edge").deepCopy();
        ((ObjectNode) deployment.path("spec").path("template").path("spec")).put("restartPolicyy", "Always");
        assertFalse(schemas.validate(deployment).isEmpty(), "unknown field accepted");
        ObjectNode container = named("prod", "Deployment", "edge").deepCopy();
        ((ObjectNode) container.path("spec").path("template").path("spec").path("containers").path(0)
                .path("resources").path("limits")).putObject("memory").put("value", "1Gi");
        assertFalse(schemas.validate(container).isEmpty(), "an object as a quantity accepted");
        ObjectNode probe = named("prod", "Deployment", "session-service").deepCopy();
        ((ObjectNode) probe.path("spec").path("template").path("spec").path("containers").path(0)
                .path("readinessProbe").path("httpGet")).put("paht", "/q/health/ready");
        assertFalse(schemas.validate(probe).isEmpty(), "unknown field deep in a container accepted");
        ObjectNode metadata = named("prod", "KafkaTopic", "ksef.session.events").deepCopy();
        ((ObjectNode) metadata.get("metadata")).put("lables", "x");
        assertFalse(schemas.validate(metadata).isEmpty(), "unknown metadata field of a custom resource accepted");
        ObjectNode topic = named("prod", "KafkaTopic", "ksef.session.events").deepCopy();
        ((ObjectNode) topic.get("spec")).put("partitions", "three");
        assertFalse(schemas.validate(topic).isEmpty(), "string partitions accepted");
        ObjectNode cluster = named("prod", "Cluster", "ksef-session-db").deepCopy();
        ((ObjectNode) cluster.get("spec")).put("instancess", 2);
        assertFalse(schemas.validate(cluster).isEmpty(), "unknown CRD field accepted");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyDeploymentIsHardenedSpreadAndBudgeted(String overlay) {
        for (ObjectNode deployment : ofKind(overlay, "Deployment")) {
            String name = name(deployment);
            JsonNode labels = deployment.path("spec").path("template").path("metadata").path("labels");
            assertTrue(matches(deployment.path("spec").path("selector").path("matchLabels"), labels), name);
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            assertEquals("RuntimeDefault", pod.path("securityContext").path("seccompProfile").path("type").asText(),
                    name);
            assertTrue(pod.path("securityContext").path("runAsNonRoot").asBoolean(), name);
            assertEquals(2, pod.path("topologySpreadConstraints").size(), name);
            pod.path("topologySpreadConstraints").forEach(constraint -> assertTrue(
                    matches(constraint.path("labelSelector").path("matchLabels"), labels), name));
            for (JsonNode container : pod.path("containers")) {
                JsonNode security = container.path("securityContext");
                assertTrue(security.path("readOnlyRootFilesystem").asBoolean(), name);
                assertFalse(security.path("allowPrivilegeEscalation").asBoolean(true), name);
                assertEquals("ALL", security.path("capabilities").path("drop").path(0).asText(), name);
                assertTrue(container.path("image").asText().startsWith("ksef-hub/" + name + ":"),
                        name + " image " + container.path("image"));
                checkMemoryFitsTheJvm(name, container);
                assertTrue(container.path("volumeMounts").findValuesAsText("mountPath").contains("/tmp"), name);
            }
            long budgets = ofKind(overlay, "PodDisruptionBudget").stream()
                    .filter(pdb -> matches(pdb.path("spec").path("selector").path("matchLabels"), labels)).count();
            assertEquals(1, budgets, name + ": one PodDisruptionBudget");
        }
        assertEquals(Set.of("session-service", "invoice-service", "upo-service", "recurring-service", "edge"),
                ofKind(overlay, "Deployment").stream().map(KubernetesManifestsTest::name).collect(Collectors.toSet()));
    }

    /** Memory request = limit >= heap + metaspace + code cache + direct memory + 64 MiB of threads and the rest. */
    private static void checkMemoryFitsTheJvm(String name, JsonNode container) {
        String options = container.path("env").findParents("name").stream()
                .filter(env -> env.path("name").asText().equals("JAVA_TOOL_OPTIONS"))
                .map(env -> env.path("value").asText()).findFirst()
                .orElseThrow(() -> new AssertionError(name + " sets no JAVA_TOOL_OPTIONS"));
        long jvm = 0;
        for (String flag : List.of("-Xmx", "-XX:MaxMetaspaceSize=", "-XX:ReservedCodeCacheSize=",
                "-XX:MaxDirectMemorySize=")) {
            Matcher value = Pattern.compile(Pattern.quote(flag) + "(\\d+)m").matcher(options);
            assertTrue(value.find(), name + ": " + flag + " in MiB in " + options);
            jvm += Long.parseLong(value.group(1));
        }
        JsonNode resources = container.path("resources");
        assertEquals(resources.path("requests").path("memory").asText(), resources.path("limits").path("memory")
                .asText(), name + ": memory request = limit");
        String limit = resources.path("limits").path("memory").asText();
        assertTrue(limit.endsWith("Mi"), name + ": limit in Mi: " + limit);
        long limitMi = Long.parseLong(limit.substring(0, limit.length() - 2));
        assertTrue(limitMi >= jvm + 64, name + ": limit " + limit + " < JVM " + jvm + "Mi + 64Mi");
        assertTrue(limitMi <= jvm + 256, name + ": limit " + limit + " wastes memory beyond JVM " + jvm + "Mi");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everySecretConfigMapAndKeyThatAPodReadsExists(String overlay) {
        Map<String, Set<String>> secrets = keys(overlay, "Secret");
        // CloudNativePG makes <cluster>-app with the owner's credentials.
        ofKind(overlay, "Cluster").forEach(c -> secrets.put(name(c) + "-app", Set.of("username", "password")));
        Map<String, Set<String>> configMaps = keys(overlay, "ConfigMap");
        for (ObjectNode deployment : ofKind(overlay, "Deployment")) {
            JsonNode pod = deployment.path("spec").path("template").path("spec");
            for (JsonNode container : pod.path("containers")) {
                for (JsonNode env : container.path("env")) {
                    JsonNode from = env.path("valueFrom");
                    check(name(deployment), secrets, from.path("secretKeyRef"));
                    check(name(deployment), configMaps, from.path("configMapKeyRef"));
                }
                for (JsonNode from : container.path("envFrom")) {
                    if (from.has("configMapRef")) {
                        assertTrue(configMaps.containsKey(from.path("configMapRef").path("name").asText()),
                                name(deployment) + " envFrom " + from);
                    }
                }
                Set<String> volumes = new HashSet<>(pod.path("volumes").findValuesAsText("name"));
                container.path("volumeMounts").forEach(mount -> assertTrue(volumes.contains(mount.path("name")
                        .asText()), name(deployment) + " mounts unknown volume " + mount));
            }
            for (JsonNode volume : pod.path("volumes")) {
                if (volume.has("secret")) {
                    assertTrue(secrets.containsKey(volume.path("secret").path("secretName").asText()),
                            name(deployment) + " volume " + volume);
                }
                if (volume.has("configMap")) {
                    assertTrue(configMaps.containsKey(volume.path("configMap").path("name").asText()),
                            name(deployment) + " volume " + volume);
                }
            }
        }
        // The key directories hold every pair the services would otherwise try to create (read-only mounts).
        assertTrue(secrets.get("ksef-platform-keys").containsAll(Set.of("ksef-token-encryption.crt.pem",
                "ksef-token-encryption.key.pem", "symmetric-key-encryption.crt.pem",
                "symmetric-key-encryption.key.pem", "certificate-authority.crt.pem", "certificate-authority.key.pem")));
        assertEquals(Set.of("token-signing.crt.pem", "token-signing.key.pem"), secrets.get("ksef-token-signing"));
        assertEquals(Set.of("upo-signing.crt.pem", "upo-signing.key.pem"), secrets.get("ksef-upo-keys"));
        for (ObjectNode cluster : ofKind(overlay, "Cluster")) {
            cluster.path("spec").path("backup").findValues("name").forEach(secret -> assertTrue(
                    secrets.containsKey(secret.asText()), name(cluster) + " backup Secret " + secret));
        }
    }

    private static void check(String who, Map<String, Set<String>> objects, JsonNode ref) {
        if (ref.isMissingNode() || ref.path("optional").asBoolean()) {
            return;
        }
        String name = ref.path("name").asText();
        assertTrue(objects.containsKey(name), who + " reads " + name + ", which nothing makes");
        assertTrue(objects.get(name).contains(ref.path("key").asText()), who + " reads " + name + "/"
                + ref.path("key").asText() + ", not among " + objects.get(name));
    }

    private static Map<String, Set<String>> keys(String overlay, String kind) {
        Map<String, Set<String>> keys = new HashMap<>();
        for (ObjectNode object : ofKind(overlay, kind)) {
            Set<String> names = new TreeSet<>();
            object.path("data").fieldNames().forEachRemaining(names::add);
            object.path("stringData").fieldNames().forEachRemaining(names::add);
            keys.put(name(object), names);
        }
        return keys;
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void servicesIngressGatewayAndEdgeReachPodsThroughNamedPorts(String overlay) {
        for (ObjectNode service : ofKind(overlay, "Service")) {
            List<ObjectNode> pods = podsOf(overlay, service.path("spec").path("selector"));
            assertEquals(1, pods.size(), name(service) + " selects one Deployment");
            Set<String> ports = new HashSet<>(pods.get(0).path("spec").path("template").path("spec")
                    .path("containers").path(0).path("ports").findValuesAsText("name"));
            service.path("spec").path("ports").forEach(port -> assertTrue(ports.contains(port.path("targetPort")
                    .asText()), name(service) + " targets " + port.path("targetPort")));
        }
        // The edge forwards to each service's Service and port.
        JsonNode edgeEnv = named(overlay, "Deployment", "edge").path("spec").path("template").path("spec")
                .path("containers").path(0).path("env");
        for (Service service : Service.values()) {
            String upstream = edgeEnv.findParents("name").stream()
                    .filter(env -> env.path("name").asText().equals(EdgeMain.upstreamVariable(service)))
                    .map(env -> env.path("value").asText()).findFirst().orElseThrow();
            assertEquals(service.moduleName() + ":" + servicePort(overlay, service.moduleName(), null), upstream);
        }
        // Everything enters through the edge, with TLS from a Secret that exists.
        ObjectNode ingress = named(overlay, "Ingress", "ksef-hub");
        JsonNode backend = ingress.path("spec").path("rules").path(0).path("http").path("paths").path(0);
        assertEquals("/", backend.path("path").asText());
        assertEquals("Prefix", backend.path("pathType").asText());
        assertEquals("edge", backend.path("backend").path("service").path("name").asText());
        servicePort(overlay, "edge", backend.path("backend").path("service").path("port").path("name").asText());
        String tls = ingress.path("spec").path("tls").path(0).path("secretName").asText();
        assertEquals("kubernetes.io/tls", named(overlay, "Secret", tls).path("type").asText());
        ObjectNode route = named(overlay, "HTTPRoute", "ksef-hub");
        ObjectNode gateway = named(overlay, "Gateway", route.path("spec").path("parentRefs").path(0).path("name")
                .asText());
        assertTrue(gateway.path("spec").path("listeners").findValuesAsText("name")
                .contains(route.path("spec").path("parentRefs").path(0).path("sectionName").asText()));
        named(overlay, "Secret", gateway.path("spec").path("listeners").path(0).path("tls").path("certificateRefs")
                .path(0).path("name").asText());
        JsonNode routeBackend = route.path("spec").path("rules").path(0).path("backendRefs").path(0);
        assertEquals("edge", routeBackend.path("name").asText());
        assertEquals(String.valueOf(servicePort(overlay, "edge", null)), routeBackend.path("port").asText());
        assertEquals(route.path("spec").path("hostnames").path(0).asText(),
                ingress.path("spec").path("rules").path(0).path("host").asText());
        assertEquals("https://" + ingress.path("spec").path("rules").path(0).path("host").asText(),
                named(overlay, "ConfigMap", "ksef-public").path("data").path("KSEF_PUBLIC_BASE_URL").asText());
    }

    /** The port number of a Service, by name or its only one. */
    private static int servicePort(String overlay, String service, String portName) {
        for (JsonNode port : named(overlay, "Service", service).path("spec").path("ports")) {
            if (portName == null || port.path("name").asText().equals(portName)) {
                return port.path("port").asInt();
            }
        }
        throw new AssertionError(service + " has no port " + portName);
    }

    private static List<ObjectNode> podsOf(String overlay, JsonNode selector) {
        return ofKind(overlay, "Deployment").stream().filter(d -> matches(selector,
                d.path("spec").path("template").path("metadata").path("labels"))).toList();
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        if (selector.isMissingNode() || selector.size() == 0) {
            return false;
        }
        List<String> mismatched = new ArrayList<>();
        selector.fields().forEachRemaining(entry -> {
            if (!labels.path(entry.getKey()).asText().equals(entry.getValue().asText())) {
                mismatched.add(entry.getKey());
            }
        });
        return mismatched.isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void monitorsAndBudgetsSelectWhatExists(String overlay) {
        for (ObjectNode pdb : ofKind(overlay, "PodDisruptionBudget")) {
            assertEquals(1, podsOf(overlay, pdb.path("spec").path("selector").path("matchLabels")).size(),
                    name(pdb));
        }
        ObjectNode serviceMonitor = named(overlay, "ServiceMonitor", "ksef-hub");
        Set<String> monitored = new HashSet<>();
        serviceMonitor.path("spec").path("selector").path("matchExpressions").path(0).path("values")
                .forEach(v -> monitored.add(v.asText()));
        assertEquals(Set.of("session-service", "invoice-service", "upo-service", "recurring-service"), monitored);
        monitored.forEach(service -> servicePort(overlay, service, serviceMonitor.path("spec").path("endpoints")
                .path(0).path("port").asText()));
        Set<String> clusters = ofKind(overlay, "Cluster").stream().map(KubernetesManifestsTest::name)
                .collect(Collectors.toSet());
        Set<String> monitoredClusters = ofKind(overlay, "PodMonitor").stream()
                .map(m -> m.path("spec").path("selector").path("matchLabels").path("cnpg.io/cluster").asText())
                .filter(c -> !c.isEmpty()).collect(Collectors.toSet());
        assertEquals(clusters, monitoredClusters, "a PodMonitor per database cluster");
        Set<String> backedUp = ofKind(overlay, "ScheduledBackup").stream()
                .map(b -> b.path("spec").path("cluster").path("name").asText()).collect(Collectors.toSet());
        assertEquals(clusters, backedUp, "a ScheduledBackup per database cluster");
        ObjectNode kafka = named(overlay, "Kafka", "ksef-kafka");
        assertTrue(kafka.path("spec").has("kafkaExporter"), "the Kafka Exporter exports consumer lag");
        ObjectNode exporter = named(overlay, "PodMonitor", "ksef-kafka-exporter");
        assertEquals(name(kafka) + "-kafka-exporter", exporter.path("spec").path("selector").path("matchLabels")
                .path("strimzi.io/name").asText());
        ofKind(overlay, "KafkaNodePool").forEach(pool -> assertEquals(name(kafka),
                pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()));
        assertTrue(named(overlay, "ConfigMap", "ksef-hub-config").path("data").path("KAFKA_BOOTSTRAP_SERVERS")
                .asText().startsWith(name(kafka) + "-kafka-bootstrap:"));
    }

    @Test
    void everyTopicTheServicesUseIsDeclared() throws IOException {
        Set<String> used = new TreeSet<>();
        Pattern topic = Pattern.compile("\\b(ksef\\.[a-z]+(?:\\.[a-z-]+)*)");
        for (Service service : Service.values()) {
            for (String line : Files.readAllLines(Path.of("..", service.moduleName(),
                    "src/main/resources/application.properties"))) {
                if (line.matches("^[^#]*topic=.*")) {
                    Matcher m = topic.matcher(line.substring(line.indexOf('=') + 1));
                    while (m.find()) {
                        used.add(m.group(1));
                    }
                }
            }
        }
        // docs/EVENTS.md has a section per topic, "## ksef.x.y (published by ...)", and names the .dlq twins.
        String events = Files.readString(Path.of("../docs/EVENTS.md"));
        Matcher section = Pattern.compile("(?m)^## (ksef\\.[a-z.]+) \\(").matcher(events);
        while (section.find()) {
            used.add(section.group(1));
        }
        Matcher dlq = Pattern.compile("`(ksef\\.[a-z.]+\\.dlq)`").matcher(events);
        while (dlq.find()) {
            used.add(dlq.group(1));
        }
        assertTrue(used.contains("ksef.session.events"), "topics read: " + used);
        for (String overlay : List.of("dev", "prod")) {
            Set<String> declared = ofKind(overlay, "KafkaTopic").stream().map(KubernetesManifestsTest::name)
                    .collect(Collectors.toSet());
            Set<String> missing = new TreeSet<>(used);
            missing.removeAll(declared);
            assertEquals(Set.of(), missing, overlay + ": topics without a KafkaTopic");
            ofKind(overlay, "KafkaTopic").forEach(t -> assertEquals("ksef-kafka",
                    t.path("metadata").path("labels").path("strimzi.io/cluster").asText(), name(t)));
        }
    }

    /**
     * Every variable a service gets is a setting it reads: a key of its application.properties or of a
     * {@code @ConfigMapping} of its module or the platform, in environment form, or one of the few Quarkus settings
     * given only here (the mailer's credentials, JAVA_TOOL_OPTIONS for the JVM).
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyEnvironmentVariableIsASettingTheServiceReads(String overlay) throws IOException {
        Map<String, Set<String>> configMaps = keys(overlay, "ConfigMap");
        for (Service service : Service.values()) {
            Set<String> known = settings(service);
            JsonNode container = named(overlay, "Deployment", service.moduleName()).path("spec").path("template")
                    .path("spec").path("containers").path(0);
            Set<String> given = new TreeSet<>();
            container.path("env").forEach(env -> given.add(env.path("name").asText()));
            container.path("envFrom").forEach(from -> given.addAll(configMaps.get(from.path("configMapRef")
                    .path("name").asText())));
            Set<String> unknown = new TreeSet<>(given);
            unknown.removeAll(known);
            assertEquals(Set.of(), unknown, service + " is given settings it does not read");
        }
    }

    /**
     * SIGTERM gives a service its shutdown delay, the drain of its requests, its consumers' and its relay's time
     * (README, "Graceful shutdown"): their sum, with 5 s for the JVM to exit, must fit in the pod's
     * terminationGracePeriodSeconds, or Kubernetes kills it half-way. The readiness probe must notice the DOWN
     * within the delay.
     */
    @ParameterizedTest
    @ValueSource(strings = {"dev", "prod"})
    void everyServiceStopsGracefullyWithinItsGracePeriod(String overlay) {
        Map<String, Map<String, String>> configMaps = new HashMap<>();
        ofKind(overlay, "ConfigMap").forEach(map -> {
            Map<String, String> data = new HashMap<>();
            map.path("data").fields().forEachRemaining(entry -> data.put(entry.getKey(), entry.getValue().asText()));
            configMaps.put(name(map), data);
        });
        for (Service service : Service.values()) {
            JsonNode pod = named(overlay, "Deployment", service.moduleName()).path("spec").path("template")
                    .path("spec");
            JsonNode container = pod.path("containers").path(0);
            Map<String, String> env = new HashMap<>();
            container.path("envFrom").forEach(from -> env.putAll(configMaps.getOrDefault(
                    from.path("configMapRef").path("name").asText(), Map.of())));
            container.path("env").forEach(variable -> env.put(variable.path("name").asText(),
                    variable.path("value").asText()));
            long delay = seconds(service, env, "QUARKUS_SHUTDOWN_DELAY");
            long steps = delay + seconds(service, env, "QUARKUS_SHUTDOWN_TIMEOUT")
                    + seconds(service, env, "KSEF_SHUTDOWN_CONSUMERS_TIMEOUT")
                    + seconds(service, env, "KSEF_SHUTDOWN_RELAY_TIMEOUT");
            long grace = pod.path("terminationGracePeriodSeconds").asLong(30);
            assertTrue(steps + 5 <= grace, service + ": shutdown takes up to " + steps + " s + 5 s, grace " + grace);
            JsonNode readiness = container.path("readinessProbe");
            long noticed = readiness.path("periodSeconds").asLong(10) * readiness.path("failureThreshold").asLong(3);
            assertTrue(noticed <= delay, service + ": readiness DOWN noticed after " + noticed + " s, delay "
                    + delay + " s");
        }
    }

    private static long seconds(Service service, Map<String, String> env, String name) {
        String value = env.get(name);
        assertTrue(value != null && value.matches("\\d+s"), service + ": " + name + " in seconds, not " + value);
        return Long.parseLong(value.substring(0, value.length() - 1));
    }

    private static final Set<String> QUARKUS_ONLY_HERE = Set.of("JAVA_TOOL_OPTIONS", "QUARKUS_MAILER_USERNAME",
            "QUARKUS_MAILER_PASSWORD");

    private static Set<String> settings(Service service) throws IOException {
        Set<String> names = new HashSet<>(QUARKUS_ONLY_HERE);
        // The service's own settings and the ones the platform sets for every service (traces, logs, channels).
        List<String> properties = new ArrayList<>(Files.readAllLines(Path.of("..", service.moduleName(),
                "src/main/resources/application.properties")));
        properties.addAll(Files.readAllLines(Path.of("../platform/src/main/resources/META-INF",
                "microprofile-config.properties")));
        for (String line : properties) {
            if (!line.isBlank() && !line.startsWith("#") && line.contains("=")) {
                names.add(env(line.substring(0, line.indexOf('=')).replaceFirst("^%[a-z]+\\.", "")));
                // A value may read another setting: ${ksef.public-base-url:default}.
                Matcher reference = Pattern.compile("\\$\\{([a-z0-9.-]+)").matcher(line);
                while (reference.find()) {
                    names.add(env(reference.group(1)));
                }
            }
        }
        for (Path sources : List.of(Path.of("..", service.moduleName(), "src/main/java"),
                Path.of("../platform/src/main/java"))) {
            try (Stream<Path> files = Files.walk(sources)) {
                for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                    String source = Files.readString(file);
                    Matcher mapping = Pattern.compile("@ConfigMapping\\(prefix = \"([^\"]+)\"\\)").matcher(source);
                    if (mapping.find()) {
                        names.addAll(mappingSettings(mapping.group(1), source));
                    }
                }
            }
        }
        return names;
    }

    /** prefix.method and prefix.group.method of a mapping interface, by the nesting of its declarations. */
    private static Set<String> mappingSettings(String prefix, String source) {
        Set<String> names = new HashSet<>();
        Pattern method = Pattern.compile("^( +)[A-Za-z<>, .]+ ([a-z][A-Za-z0-9]*)\\(\\);");
        Pattern group = Pattern.compile("^( +)interface ([A-Z][A-Za-z0-9]*)");
        Map<Integer, String> groups = new HashMap<>();
        Map<String, String> groupProperty = new HashMap<>();
        List<String[]> methods = new ArrayList<>();
        for (String line : source.split("\n")) {
            Matcher g = group.matcher(line);
            if (g.find()) {
                groups.put(g.group(1).length(), g.group(2));
            }
            Matcher m = method.matcher(line);
            if (m.find()) {
                int indent = m.group(1).length();
                String owner = indent > 4 ? groups.get(indent - 4) : null;
                String type = line.trim().split(" ")[0];
                methods.add(new String[] {owner, m.group(2), type});
            }
        }
        for (String[] m : methods) {
            groupProperty.put(m[2], kebab(m[1]));
        }
        for (String[] m : methods) {
            String path = m[0] == null ? kebab(m[1]) : groupProperty.getOrDefault(m[0], kebab(m[0])) + "."
                    + kebab(m[1]);
            names.add(env(prefix + "." + path));
        }
        return names;
    }

    private static String kebab(String camel) {
        return camel.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
    }

    /** The environment form of a property (MicroProfile Config): upper case, every other character '_'. */
    private static String env(String property) {
        return property.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }
}

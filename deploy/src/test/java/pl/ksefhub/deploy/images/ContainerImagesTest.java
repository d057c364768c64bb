package pl.ksefhub.deploy.images;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The container images that the "images" profile builds (README, "Container images"): each tarball is read as a
 * container runtime would read it, its layers checked against the config's diff ids, and the image's config and
 * files compared with what deploy/k8s expects of it: a non-root numeric user, the port 8080, an entrypoint that
 * starts the application with a {@code java} that one of the layers really has on the image's PATH, the
 * application's jar, nothing writable by that user outside /tmp (the root filesystem is read-only in Kubernetes),
 * and the project version as tag.
 */
@EnabledIfSystemProperty(named = "ksef.images.check", matches = "true")
class ContainerImagesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String VERSION = System.getProperty("ksef.project.version", "0.1.0-SNAPSHOT");
    private static final String APP_ROOT = "/opt/ksef-hub";

    /** An image as written by Jib: its config, and every file of its layers with its mode and owner. */
    private record Image(String repoTag, JsonNode config, Map<String, TarArchiveEntry> files, String configDigest) {
    }

    static Stream<Arguments> images() {
        return Stream.of(
                Arguments.of("session-service", Path.of("../session-service/target/jib-image.tar")),
                Arguments.of("invoice-service", Path.of("../invoice-service/target/jib-image.tar")),
                Arguments.of("upo-service", Path.of("../upo-service/target/jib-image.tar")),
                Arguments.of("recurring-service", Path.of("../recurring-service/target/jib-image.tar")),
                Arguments.of("edge", Path.of("target/jib-image.tar")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("images")
    void isARunnableNonRootImageOfTheApplication(String name, Path tarball) throws Exception {
        assertTrue(Files.isRegularFile(tarball), tarball + " was not built");
        Image image = read(tarball);
        JsonNode config = image.config().path("config");

        assertEquals("ksef-hub/" + name + ":" + VERSION, image.repoTag());
        String user = config.path("User").asText();
        assertTrue(user.matches("[1-9][0-9]*(:[0-9]+)?"), "user must be a numeric non-root uid: " + user);
        assertTrue(config.path("ExposedPorts").has("8080/tcp"), "exposes 8080: " + config.path("ExposedPorts"));
        assertEquals(APP_ROOT, config.path("WorkingDir").asText());

        List<String> entrypoint = new ArrayList<>();
        config.path("Entrypoint").forEach(part -> entrypoint.add(part.asText()));
        assertFalse(entrypoint.isEmpty(), "no entrypoint");
        assertEquals("java", entrypoint.get(0), "entrypoint " + entrypoint);
        assertTrue(javaOnPath(config, image.files()), "no executable java on the image's PATH " + config.path("Env"));
        if (name.equals("edge")) {
            assertTrue(entrypoint.contains("pl.ksefhub.deploy.edge.EdgeMain"), "entrypoint " + entrypoint);
            assertTrue(image.files().containsKey(APP_ROOT + "/classes/pl/ksefhub/deploy/edge/EdgeMain.class"));
            assertTrue(image.files().keySet().stream()
                    .anyMatch(path -> path.matches(APP_ROOT + "/libs/vertx-core-.*\\.jar")), "vertx-core jar");
        } else {
            assertEquals(List.of("-jar", "quarkus-run.jar"), entrypoint.subList(entrypoint.size() - 2,
                    entrypoint.size()), "entrypoint " + entrypoint);
            assertTrue(image.files().containsKey(APP_ROOT + "/quarkus-run.jar"), "quarkus-run.jar");
            assertTrue(image.files().containsKey(APP_ROOT + "/app/" + name + "-" + VERSION + ".jar"),
                    "the service's own jar");
            assertTrue(image.files().keySet().stream()
                    .anyMatch(path -> path.startsWith(APP_ROOT + "/lib/main/")), "its dependencies");
        }

        long uid = Long.parseLong(user.split(":")[0]);
        image.files().forEach((path, entry) -> {
            boolean writableByUser = (entry.getLongUserId() == uid && (entry.getMode() & 0200) != 0)
                    || (!entry.isSymbolicLink() && (entry.getMode() & 0002) != 0);
            if (!path.equals("/tmp")) {
                assertFalse(writableByUser, path + " is writable by the image's user: use a volume");
            }
            if (path.startsWith(APP_ROOT)) {
                assertNotEquals(uid, entry.getLongUserId(), path + " belongs to the image's user");
            }
        });

        Path digest = tarball.resolveSibling("jib-image.digest");
        assertTrue(Files.readString(digest).trim().matches("sha256:[0-9a-f]{64}"), "digest file " + digest);
        assertEquals(Files.readString(tarball.resolveSibling("jib-image.id")).trim(), image.configDigest(),
                "jib-image.id is the digest of the image's config");
    }

    private static boolean javaOnPath(JsonNode config, Map<String, TarArchiveEntry> files) {
        String path = "/usr/bin:/bin";
        for (JsonNode env : config.path("Env")) {
            if (env.asText().startsWith("PATH=")) {
                path = env.asText().substring(5);
            }
        }
        for (String dir : path.split(":")) {
            TarArchiveEntry java = files.get(dir + "/java");
            if (java != null && (java.isFile() || java.isSymbolicLink()) && (java.getMode() & 0001) != 0) {
                return true;
            }
        }
        return false;
    }

    /** Reads a {@code docker save} tarball: manifest, config, and each layer, whose digest must be its diff id. */
    private static Image read(Path tarball) throws IOException, NoSuchAlgorithmException {
        Map<String, byte[]> small = new HashMap<>();
        List<String> layerNames = new ArrayList<>();
        try (TarArchiveInputStream tar = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry; (entry = tar.getNextEntry()) != null; ) {
                if (entry.getName().endsWith(".json")) {
                    small.put(entry.getName(), tar.readAllBytes());
                }
            }
        }
        JsonNode manifest = JSON.readTree(small.get("manifest.json"));
        assertEquals(1, manifest.size(), "one image per tarball");
        String configName = manifest.get(0).path("Config").asText();
        byte[] configBytes = small.get(configName);
        JsonNode config = JSON.readTree(configBytes);
        manifest.get(0).path("Layers").forEach(layer -> layerNames.add(layer.asText()));
        List<String> diffIds = new ArrayList<>();
        config.path("rootfs").path("diff_ids").forEach(id -> diffIds.add(id.asText()));
        assertEquals(layerNames.size(), diffIds.size(), "a diff id per layer");

        // Later layers override earlier ones, as when a runtime unpacks them in order.
        Map<String, TarArchiveEntry> files = new HashMap<>();
        for (int i = 0; i < layerNames.size(); i++) {
            String diffId = readLayer(tarball, layerNames.get(i), files);
            assertEquals(diffIds.get(i), diffId, "layer " + layerNames.get(i) + " is not the config's diff id");
        }
        return new Image(manifest.get(0).path("RepoTags").path(0).asText(), config, files,
                "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(configBytes)));
    }

    private static String readLayer(Path tarball, String layerName, Map<String, TarArchiveEntry> files)
            throws IOException, NoSuchAlgorithmException {
        try (TarArchiveInputStream outer = new TarArchiveInputStream(Files.newInputStream(tarball))) {
            for (TarArchiveEntry entry; (entry = outer.getNextEntry()) != null; ) {
                if (!entry.getName().equals(layerName)) {
                    continue;
                }
                MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
                InputStream raw = layerName.endsWith(".gz") ? new GZIPInputStream(outer) : outer;
                try (DigestInputStream digesting = new DigestInputStream(raw, sha256);
                     TarArchiveInputStream layer = new TarArchiveInputStream(digesting)) {
                    for (TarArchiveEntry file; (file = layer.getNextEntry()) != null; ) {
                        files.put(normalize(file.getName()), file);
                    }
                    // The digest covers the whole stream, end-of-archive blocks included.
                    digesting.transferTo(OutputStream.nullOutputStream());
                }
                return "sha256:" + HexFormat.of().formatHex(sha256.digest());
            }
        }
        throw new AssertionError("layer " + layerName + " is not in " + tarball);
    }

    private static String normalize(String name) {
        String path = name.startsWith("./") ? name.substring(1) : name.startsWith("/") ? name : "/" + name;
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}

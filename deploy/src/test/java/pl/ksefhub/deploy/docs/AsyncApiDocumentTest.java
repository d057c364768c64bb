package pl.ksefhub.deploy.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.StackOptions;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * docs/asyncapi.yaml against the code: its channels are exactly the topics the services' configuration names, its
 * messages exactly the event types the services and the platform define, each with the JSON Schema its publisher
 * keeps. A topic or event added without the document (or the other way round) fails here.
 */
class AsyncApiDocumentTest {

    private static final List<String> MODULES = List.of("platform", "session-service", "invoice-service",
            "upo-service", "recurring-service");
    /** An event type as the code spells it: {@code ksef.<aggregate>.<event>.v<n>}. */
    private static final Pattern EVENT_TYPE = Pattern.compile("\"(ksef\\.[a-z]+\\.[a-z-]+\\.v\\d+)\"");
    private static final Pattern TOPIC_CONSTANT = Pattern.compile("TOPIC\\w*\\s*=\\s*\"(ksef\\.[a-z.]+)\"");

    private static Path repo;
    private static JsonNode document;

    @BeforeAll
    static void read() throws IOException {
        repo = StackOptions.locateRepository();
        document = new ObjectMapper(new YAMLFactory()).readTree(repo.resolve("docs/asyncapi.yaml").toFile());
    }

    @Test
    void itIsAnAsyncApi3DocumentWhoseReferencesAllResolve() {
        assertEquals("3.0.0", document.path("asyncapi").asText());
        document.path("channels").fields().forEachRemaining(channel -> channel.getValue().path("messages")
                .forEach(message -> assertTrue(resolves(message.path("$ref").asText()),
                        channel.getKey() + ": " + message)));
        document.path("operations").fields().forEachRemaining(operation -> {
            assertTrue(Set.of("send", "receive").contains(operation.getValue().path("action").asText()),
                    operation.getKey());
            assertTrue(resolves(operation.getValue().path("channel").path("$ref").asText()), operation.getKey());
        });
    }

    @Test
    void itsChannelsAreExactlyTheTopicsTheServicesConfigure() {
        Set<String> configured = new TreeSet<>();
        for (String module : MODULES) {
            for (Path file : List.of(resources(module).resolve("application.properties"),
                    resources(module).resolve("META-INF/microprofile-config.properties"))) {
                if (Files.isRegularFile(file)) {
                    Properties properties = load(file);
                    properties.stringPropertyNames().stream()
                            .filter(name -> name.startsWith("mp.messaging.") && name.endsWith(".topic"))
                            .map(properties::getProperty)
                            .forEach(configured::add);
                }
            }
        }
        Set<String> channels = new TreeSet<>();
        document.path("channels").forEach(channel -> channels.add(channel.path("address").asText()));
        assertTrue(configured.size() >= 13, "topics configured: " + configured);
        assertEquals(configured, channels);
        // What the outboxes publish to is named in code; every such topic is configured for its readers too.
        Set<String> inCode = matches(TOPIC_CONSTANT);
        assertTrue(channels.containsAll(inCode), "topics in code: " + inCode);
    }

    @Test
    void itsMessagesAreExactlyTheEventTypesTheCodeDefines() {
        Set<String> defined = matches(EVENT_TYPE);
        Set<String> messages = new TreeSet<>();
        document.path("components").path("messages").forEach(message -> {
            String name = message.path("name").asText();
            if (!name.equals("dead-letter")) {
                messages.add(name);
            }
        });
        assertTrue(defined.size() >= 20, "event types in code: " + defined);
        assertEquals(defined, messages);
        // Each event is on the channel of the topic EVENTS.md puts it on, and on no other.
        for (String type : defined) {
            long channels = 0;
            for (JsonNode channel : document.path("channels")) {
                for (JsonNode message : channel.path("messages")) {
                    if (message(message.path("$ref").asText()).path("name").asText().equals(type)) {
                        channels++;
                    }
                }
            }
            assertEquals(1, channels, type + " is on exactly one channel");
        }
    }

    @Test
    void everyEventsPayloadIsThePublishersJsonSchemaAndEverySchemaIsUsed() throws IOException {
        Set<Path> referenced = new TreeSet<>();
        document.path("components").path("messages").forEach(message -> {
            String ref = message.path("payload").path("$ref").asText(null);
            if (ref != null) {
                Path schema = repo.resolve("docs").resolve(ref).normalize();
                assertTrue(Files.isRegularFile(schema), message.path("name") + ": " + schema);
                referenced.add(schema);
            }
        });
        Set<Path> schemas = new TreeSet<>();
        for (String module : MODULES) {
            Path events = resources(module).resolve("events");
            if (Files.isDirectory(events)) {
                try (Stream<Path> files = Files.list(events)) {
                    files.filter(file -> file.toString().endsWith(".json")).map(Path::normalize)
                            .forEach(schemas::add);
                }
            }
        }
        assertEquals(schemas, referenced);
    }

    private static boolean resolves(String ref) {
        if (!ref.startsWith("#/")) {
            return false;
        }
        JsonNode node = document;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        return !node.isMissingNode();
    }

    private static JsonNode message(String ref) {
        return document.path("components").path("messages").path(ref.substring(ref.lastIndexOf('/') + 1));
    }

    private static Path resources(String module) {
        return repo.resolve(module).resolve("src/main/resources");
    }

    private static Properties load(Path file) {
        Properties properties = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            properties.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }

    /** Group 1 of every match of {@code pattern} in the main Java sources of the services and the platform. */
    private static Set<String> matches(Pattern pattern) {
        Set<String> found = new TreeSet<>();
        for (String module : MODULES) {
            List<Path> sources = new ArrayList<>();
            try (Stream<Path> files = Files.walk(repo.resolve(module).resolve("src/main/java"))) {
                files.filter(file -> file.toString().endsWith(".java")).forEach(sources::add);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (Path source : sources) {
                try {
                    Matcher matcher = pattern.matcher(Files.readString(source));
                    while (matcher.find()) {
                        found.add(matcher.group(1));
                    }
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return found;
    }
}

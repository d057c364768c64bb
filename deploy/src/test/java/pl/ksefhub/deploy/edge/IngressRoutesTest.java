package pl.ksefhub.deploy.edge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * deploy/k8s/ingress.yaml routes like the edge: every sample goes to the same service, or nowhere. The Ingress
 * does not look at methods, so only paths are compared.
 */
class IngressRoutesTest {

    static final List<RouteSamples.Sample> API = RouteSamples.API;
    static final List<RouteSamples.Sample> ROOT = RouteSamples.ROOT;
    static final List<RouteSamples.Sample> NO_ROUTE = RouteSamples.NO_ROUTE;

    /** A path regex of the Ingress and the Service it sends to. */
    private record Rule(Pattern path, String service) {
    }

    private static List<Rule> rules;

    @BeforeAll
    static void readIngress() throws IOException {
        rules = new ArrayList<>();
        Pattern pathLine = Pattern.compile("^\\s*- path: (\\S+)\\s*$");
        Pattern nameLine = Pattern.compile("^\\s*name: (\\S+-service)\\s*$");
        String pendingPath = null;
        for (String line : Files.readAllLines(Path.of("k8s/ingress.yaml"))) {
            Matcher path = pathLine.matcher(line);
            Matcher name = nameLine.matcher(line);
            if (path.matches()) {
                pendingPath = path.group(1);
            } else if (name.matches() && pendingPath != null) {
                // ingress-nginx matches regex paths case-insensitively, from the start of the URI.
                rules.add(new Rule(Pattern.compile(pendingPath, Pattern.CASE_INSENSITIVE), name.group(1)));
                pendingPath = null;
            }
        }
        assertFalse(rules.isEmpty(), "no rules read from ingress.yaml");
    }

    private static List<String> servicesFor(String path) {
        return rules.stream().filter(rule -> rule.path().matcher(path).lookingAt()).map(Rule::service)
                .distinct().toList();
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("API")
    void sendsEveryApiRowToTheSameServiceUnderV2AndApiV2(RouteSamples.Sample sample) {
        for (String prefix : List.of("/v2", "/api/v2")) {
            assertEquals(List.of(sample.service().moduleName()), servicesFor(prefix + sample.path()),
                    prefix + sample.path());
        }
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("ROOT")
    void sendsThePathsOutsideV2ToTheSameService(RouteSamples.Sample sample) {
        assertEquals(List.of(sample.service().moduleName()), servicesFor(sample.path()));
    }

    @ParameterizedTest(name = "{0}")
    @FieldSource("NO_ROUTE")
    void sendsNothingElseAnywhere(RouteSamples.Sample sample) {
        assertEquals(List.of(), servicesFor(sample.path()));
    }

    @org.junit.jupiter.api.Test
    void rewritesApiV2ToV2() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("k8s/ingress.yaml"))) {
            assertEquals(1, lines.filter(line -> line.contains("rewrite-target: /v2$1")).count());
        }
    }
}

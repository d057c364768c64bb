package pl.ksefhub.deploy.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Checks that every query of the Grafana dashboards and every PrometheusRule expression names only metrics and labels
 * that exist: exposed by a service (an {@link Exposition} of their scrapes), or declared as external (only there in
 * Kubernetes, e.g. the Kafka Exporter's), with the labels they carry.
 */
public final class MetricsCoverage {

    /** A query and where it was found, e.g. {@code ksef-hub.json, panel "Outbox backlog"}. */
    public record Located(String where, PromQl.Query query) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern LABEL_VALUES = Pattern.compile("label_values\\(\\s*([^,()]+?)\\s*,\\s*(\\w+)\\s*\\)");

    private MetricsCoverage() {
    }

    /** Every target expression of every panel (rows' panels too) and every templating query of the dashboards. */
    public static List<Located> dashboardQueries(Path grafanaDir) {
        List<Located> queries = new ArrayList<>();
        for (Path file : files(grafanaDir, ".json")) {
            JsonNode dashboard = read(JSON, file).get(0);
            panels(dashboard.path("panels"), file.getFileName().toString(), queries);
            for (JsonNode variable : dashboard.path("templating").path("list")) {
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("query").asText("");
                Matcher labelValues = LABEL_VALUES.matcher(text);
                if (labelValues.find()) {
                    // label_values(metric, label) lists the label's values: the metric must carry the label.
                    PromQl.Query metric = PromQl.parse(labelValues.group(1));
                    queries.add(new Located(file.getFileName() + ", variable " + variable.path("name").asText(),
                            new PromQl.Query(text, metric.selectors(), List.of(new PromQl.Grouping(
                                    List.of(labelValues.group(2)), metric.selectors().stream()
                                    .map(PromQl.Selector::metric).toList())))));
                } else if (variable.path("type").asText().equals("query")) {
                    queries.add(new Located(file.getFileName() + ", variable " + variable.path("name").asText(),
                            PromQl.parse(text)));
                }
            }
        }
        return queries;
    }

    private static void panels(JsonNode panels, String file, List<Located> queries) {
        for (JsonNode panel : panels) {
            for (JsonNode target : panel.path("targets")) {
                if (target.hasNonNull("expr")) {
                    queries.add(new Located(file + ", panel \"" + panel.path("title").asText() + "\"",
                            PromQl.parse(target.get("expr").asText())));
                }
            }
            panels(panel.path("panels"), file, queries);
        }
    }

    /** Every {@code expr} of every PrometheusRule in the manifests (alerts and recording rules). */
    public static List<Located> ruleQueries(Path k8sDir) {
        List<Located> queries = new ArrayList<>();
        for (Path file : files(k8sDir, ".yaml")) {
            for (JsonNode document : read(YAML, file)) {
                if (!"PrometheusRule".equals(document.path("kind").asText())) {
                    continue;
                }
                for (JsonNode group : document.path("spec").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        String name = rule.has("alert") ? "alert " + rule.get("alert").asText()
                                : "record " + rule.path("record").asText();
                        queries.add(new Located(k8sDir.relativize(file) + ", " + name,
                                PromQl.parse(rule.path("expr").asText())));
                    }
                }
            }
        }
        return queries;
    }

    /** Names that recording rules define: queries may read them as if exposed (their labels are not checked). */
    public static Set<String> recordedNames(Path k8sDir) {
        Set<String> names = new HashSet<>();
        for (Path file : files(k8sDir, ".yaml")) {
            for (JsonNode document : read(YAML, file)) {
                if ("PrometheusRule".equals(document.path("kind").asText())) {
                    document.path("spec").path("groups").forEach(g -> g.path("rules").forEach(r -> {
                        if (r.hasNonNull("record")) {
                            names.add(r.get("record").asText());
                        }
                    }));
                }
            }
        }
        return names;
    }

    /**
     * What is wrong, one line each; empty when every query reads only what exists.
     *
     * @param external metrics that exist only outside the scraped services, with the labels they carry
     */
    public static List<String> problems(List<Located> queries, Exposition exposed, Map<String, Set<String>> external,
                                        Set<String> recorded) {
        List<String> problems = new ArrayList<>();
        for (Located located : queries) {
            for (PromQl.Selector selector : located.query().selectors()) {
                String metric = selector.metric();
                if (recorded.contains(metric)) {
                    continue;
                }
                Set<String> labels = labelsOf(metric, exposed, external);
                if (labels == null) {
                    problems.add(located.where() + ": metric " + metric + " is not exposed");
                    continue;
                }
                for (PromQl.Matcher matcher : selector.matchers()) {
                    if (!labels.contains(matcher.label())) {
                        problems.add(located.where() + ": " + metric + " has no label " + matcher.label()
                                + " (has " + labels + ")");
                    } else if (matcher.op().equals("=") && !matcher.value().contains("$")
                            && !external.containsKey(metric) && exposed.series().get(metric).stream()
                            .noneMatch(s -> matcher.value().equals(s.labels().get(matcher.label())))) {
                        problems.add(located.where() + ": no series of " + metric + " has " + matcher.label()
                                + "=\"" + matcher.value() + "\"");
                    }
                }
            }
            for (PromQl.Grouping grouping : located.query().groupings()) {
                Set<String> available = new HashSet<>();
                boolean unknown = false;
                for (String metric : grouping.metrics()) {
                    Set<String> labels = labelsOf(metric, exposed, external);
                    unknown |= labels == null || recorded.contains(metric);
                    if (labels != null) {
                        available.addAll(labels);
                    }
                }
                if (unknown) {
                    continue;
                }
                for (String label : grouping.labels()) {
                    if (!available.contains(label)) {
                        problems.add(located.where() + ": by (" + label + ") but " + grouping.metrics()
                                + " have no such label");
                    }
                }
            }
        }
        return problems;
    }

    /** The labels some series of the metric carries, or null when there is no such metric. */
    private static Set<String> labelsOf(String metric, Exposition exposed, Map<String, Set<String>> external) {
        if (external.containsKey(metric)) {
            return external.get(metric);
        }
        List<Exposition.Sample> samples = exposed.series().get(metric);
        if (samples == null) {
            return null;
        }
        Set<String> labels = new HashSet<>();
        samples.forEach(s -> labels.addAll(s.labels().keySet()));
        return labels;
    }

    private static List<Path> files(Path dir, String suffix) {
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(p -> p.toString().endsWith(suffix) && Files.isRegularFile(p)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<JsonNode> read(ObjectMapper mapper, Path file) {
        try {
            return mapper.readerFor(JsonNode.class).<JsonNode>readValues(file.toFile()).readAll();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }
}

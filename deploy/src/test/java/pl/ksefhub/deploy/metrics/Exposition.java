package pl.ksefhub.deploy.metrics;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The series of Prometheus text exposition (what {@code /q/metrics} answers), by metric name. */
public final class Exposition {

    /** One sample: its labels and value. */
    public record Sample(Map<String, String> labels, double value) {
    }

    private final Map<String, List<Sample>> series = new TreeMap<>();

    public Map<String, List<Sample>> series() {
        return series;
    }

    /** Adds every sample of one scrape; comments ({@code # HELP}, {@code # TYPE}) and blank lines are skipped. */
    public Exposition add(String text) {
        for (String line : text.split("\n")) {
            line = line.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int brace = line.indexOf('{');
            int space = line.indexOf(' ');
            String name;
            Map<String, String> labels = new LinkedHashMap<>();
            String rest;
            if (brace >= 0 && (space < 0 || brace < space)) {
                name = line.substring(0, brace);
                int end = labels(line, brace + 1, labels);
                rest = line.substring(end + 1).strip();
            } else {
                name = line.substring(0, space);
                rest = line.substring(space + 1).strip();
            }
            String value = rest.split(" ")[0];
            series.computeIfAbsent(name, n -> new ArrayList<>()).add(new Sample(Map.copyOf(labels),
                    value.equals("NaN") ? Double.NaN : Double.parseDouble(value.replace("+Inf", "Infinity"))));
        }
        return this;
    }

    /** Reads {@code a="x",b="y"} from {@code from}; returns the index of the closing brace. */
    private static int labels(String line, int from, Map<String, String> labels) {
        int i = from;
        while (line.charAt(i) != '}') {
            int equals = line.indexOf('=', i);
            String label = line.substring(i, equals).strip();
            StringBuilder value = new StringBuilder();
            int j = equals + 2;
            while (line.charAt(j) != '"') {
                char c = line.charAt(j);
                if (c == '\\') {
                    char escaped = line.charAt(++j);
                    value.append(escaped == 'n' ? '\n' : escaped);
                } else {
                    value.append(c);
                }
                j++;
            }
            labels.put(label, value.toString());
            i = j + 1;
            if (line.charAt(i) == ',') {
                i++;
            }
        }
        return i;
    }
}

package pl.ksefhub.deploy.metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * What a PromQL expression reads: every series selector (metric name and label matchers) and every {@code by (...)}
 * grouping with the metrics it groups. Not a full parser: enough of the grammar (aggregations, functions, binary
 * operators, {@code on}/{@code ignoring}/{@code group_left}, ranges, {@code offset}) to find every name that must
 * exist for the query to return something, which is what a dashboard or an alert silently loses when a metric is
 * renamed.
 */
public final class PromQl {

    /** {@code label op "value"}; op is one of {@code = != =~ !~}. */
    public record Matcher(String label, String op, String value) {
    }

    public record Selector(String metric, List<Matcher> matchers) {
    }

    /** {@code by (labels)} over an aggregation of these metrics. */
    public record Grouping(List<String> labels, List<String> metrics) {
    }

    public record Query(String expression, List<Selector> selectors, List<Grouping> groupings) {
    }

    private static final Set<String> AGGREGATIONS = Set.of("sum", "min", "max", "avg", "group", "stddev", "stdvar",
            "count", "count_values", "bottomk", "topk", "quantile", "limitk", "limit_ratio");
    private static final Set<String> VECTOR_MATCHING = Set.of("on", "ignoring", "group_left", "group_right");
    private static final Set<String> OPERATORS = Set.of("and", "or", "unless", "bool", "atan2");

    private enum Kind { IDENT, STRING, NUMBER, PUNCT }

    private record Token(Kind kind, String text) {
        boolean is(String punct) {
            return kind == Kind.PUNCT && text.equals(punct);
        }
    }

    private final String expression;
    private final List<Token> tokens;
    private final List<Grouping> groupings = new ArrayList<>();
    private int pos;

    private PromQl(String expression) {
        this.expression = expression;
        this.tokens = tokenize(expression);
    }

    public static Query parse(String expression) {
        PromQl parser = new PromQl(expression);
        List<Selector> selectors = parser.sequence();
        if (parser.pos < parser.tokens.size()) {
            throw parser.error("unbalanced ')'");
        }
        return new Query(expression, List.copyOf(selectors), List.copyOf(parser.groupings));
    }

    /** Tokens up to the ')' that closes the current level (not consumed), or the end. */
    private List<Selector> sequence() {
        List<Selector> found = new ArrayList<>();
        while (pos < tokens.size() && !tokens.get(pos).is(")")) {
            Token token = tokens.get(pos++);
            if (token.is("(")) {
                found.addAll(sequence());
                expect(")");
            } else if (token.is("{")) {
                List<Matcher> matchers = matchers();
                String name = matchers.stream().filter(m -> m.label().equals("__name__") && m.op().equals("="))
                        .map(Matcher::value).findFirst().orElseThrow(() -> error("selector without a metric name"));
                found.add(new Selector(name, matchers.stream().filter(m -> !m.label().equals("__name__")).toList()));
            } else if (token.kind() == Kind.IDENT) {
                found.addAll(identifier(token.text()));
            }
            // Numbers, strings (function arguments), commas and operators read nothing.
        }
        return found;
    }

    private List<Selector> identifier(String word) {
        if (AGGREGATIONS.contains(word) && (peek("(") || peekWord("by") || peekWord("without"))) {
            List<String> by = grouping();
            expect("(");
            List<Selector> inner = sequence();
            expect(")");
            if (by == null) {
                by = grouping();
            }
            if (by != null && !by.isEmpty()) {
                groupings.add(new Grouping(by, inner.stream().map(Selector::metric).distinct().toList()));
            }
            return inner;
        }
        if (VECTOR_MATCHING.contains(word)) {
            if (peek("(")) {
                labelList();
            }
            return List.of();
        }
        if (OPERATORS.contains(word)) {
            return List.of();
        }
        if (word.equals("offset")) {
            pos++;
            return List.of();
        }
        if (peek("(")) {
            pos++;
            List<Selector> arguments = sequence();
            expect(")");
            return arguments;
        }
        List<Matcher> matchers = List.of();
        if (peek("{")) {
            pos++;
            matchers = matchers();
        }
        return List.of(new Selector(word, matchers));
    }

    /** After '{': matchers up to and including '}'. */
    private List<Matcher> matchers() {
        List<Matcher> matchers = new ArrayList<>();
        while (!peek("}")) {
            Token label = next();
            if (label.kind() != Kind.IDENT) {
                throw error("label name expected, got " + label.text());
            }
            Token op = next();
            if (!(op.is("=") || op.is("!=") || op.is("=~") || op.is("!~"))) {
                throw error("matcher operator expected after " + label.text());
            }
            Token value = next();
            if (value.kind() != Kind.STRING) {
                throw error("quoted label value expected after " + label.text() + op.text());
            }
            matchers.add(new Matcher(label.text(), op.text(), value.text()));
            if (peek(",")) {
                pos++;
            }
        }
        pos++;
        return matchers;
    }

    /** {@code by (a, b)}: the labels; {@code without (...)}: an empty list (nothing to check); neither: null. */
    private List<String> grouping() {
        if (peekWord("by")) {
            pos++;
            return labelList();
        }
        if (peekWord("without")) {
            pos++;
            labelList();
            return List.of();
        }
        return null;
    }

    private List<String> labelList() {
        expect("(");
        List<String> labels = new ArrayList<>();
        while (!peek(")")) {
            Token token = next();
            if (token.kind() == Kind.IDENT) {
                labels.add(token.text());
            } else if (!token.is(",")) {
                throw error("label expected in a label list, got " + token.text());
            }
        }
        pos++;
        return labels;
    }

    private boolean peek(String punct) {
        return pos < tokens.size() && tokens.get(pos).is(punct);
    }

    private boolean peekWord(String word) {
        return pos < tokens.size() && tokens.get(pos).kind() == Kind.IDENT && tokens.get(pos).text().equals(word);
    }

    private Token next() {
        if (pos >= tokens.size()) {
            throw error("unexpected end");
        }
        return tokens.get(pos++);
    }

    private void expect(String punct) {
        if (!peek(punct)) {
            throw error("'" + punct + "' expected at token " + pos);
        }
        pos++;
    }

    private IllegalArgumentException error(String what) {
        return new IllegalArgumentException("PromQL " + what + ": " + expression);
    }

    private static List<Token> tokenize(String text) {
        List<Token> tokens = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '"' || c == '\'' || c == '`') {
                StringBuilder value = new StringBuilder();
                int j = i + 1;
                while (j < text.length() && text.charAt(j) != c) {
                    if (text.charAt(j) == '\\' && c != '`' && j + 1 < text.length()) {
                        j++;
                    }
                    value.append(text.charAt(j++));
                }
                if (j >= text.length()) {
                    throw new IllegalArgumentException("PromQL unterminated string: " + text);
                }
                tokens.add(new Token(Kind.STRING, value.toString()));
                i = j + 1;
            } else if (c == '[') {
                // A range or subquery ([5m], [$__rate_interval], [1h:5m]): names nothing.
                int end = text.indexOf(']', i);
                if (end < 0) {
                    throw new IllegalArgumentException("PromQL unterminated range: " + text);
                }
                i = end + 1;
            } else if (Character.isLetter(c) || c == '_' || c == ':') {
                int j = i;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '_'
                        || text.charAt(j) == ':')) {
                    j++;
                }
                tokens.add(new Token(Kind.IDENT, text.substring(i, j)));
                i = j;
            } else if (Character.isDigit(c) || c == '.' || c == '$') {
                // Numbers, durations after offset, Grafana variables ($__interval) outside strings.
                int j = i + 1;
                while (j < text.length() && (Character.isLetterOrDigit(text.charAt(j)) || text.charAt(j) == '.'
                        || text.charAt(j) == '_')) {
                    j++;
                }
                tokens.add(new Token(Kind.NUMBER, text.substring(i, j)));
                i = j;
            } else {
                String two = i + 1 < text.length() ? text.substring(i, i + 2) : "";
                if (Set.of("=~", "!~", "!=", "==", ">=", "<=").contains(two)) {
                    tokens.add(new Token(Kind.PUNCT, two));
                    i += 2;
                } else {
                    tokens.add(new Token(Kind.PUNCT, String.valueOf(c)));
                    i++;
                }
            }
        }
        return tokens;
    }
}

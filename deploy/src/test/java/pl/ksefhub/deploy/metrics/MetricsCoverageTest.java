package pl.ksefhub.deploy.metrics;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The checker behind MetricsCoverageSystemIT, on made-up scrapes: it must find what is missing. */
class MetricsCoverageTest {

    private static final Exposition EXPOSED = new Exposition().add("""
            # HELP http_server_requests_seconds requests
            # TYPE http_server_requests_seconds histogram
            http_server_requests_seconds_bucket{le="0.005",method="GET",service="a",status="200",uri="/x"} 1.0
            http_server_requests_seconds_count{method="GET",service="a",status="200",uri="/x"} 3.0
            ksef_outbox_backlog{service="a"} 0.0
            jvm_memory_used_bytes{area="heap",id="G1 Eden Space",service="a"} 1.5E7
            odd_total{service="a",text="with \\"quotes\\", commas} and braces"} 1.0
            """);
    private static final Map<String, Set<String>> EXTERNAL = Map.of("kafka_consumergroup_lag",
            Set.of("consumergroup", "topic", "partition"));

    private static List<String> problems(String expr) {
        return MetricsCoverage.problems(List.of(new MetricsCoverage.Located("panel", PromQl.parse(expr))),
                EXPOSED, EXTERNAL, Set.of());
    }

    @Test
    void readsEverySelectorAndGroupingOfAQuery() {
        PromQl.Query query = PromQl.parse("histogram_quantile(0.95, sum by (le, uri) (rate("
                + "http_server_requests_seconds_bucket{service=~\"$service\", uri!~\"/q/.*\"}[$__rate_interval])))"
                + " / on (service) group_left max(ksef_outbox_backlog) by (service) > 0.5");
        assertEquals(List.of("http_server_requests_seconds_bucket", "ksef_outbox_backlog"),
                query.selectors().stream().map(PromQl.Selector::metric).toList());
        assertEquals(List.of(new PromQl.Matcher("service", "=~", "$service"), new PromQl.Matcher("uri", "!~", "/q/.*")),
                query.selectors().get(0).matchers());
        assertEquals(List.of(new PromQl.Grouping(List.of("le", "uri"), List.of("http_server_requests_seconds_bucket")),
                new PromQl.Grouping(List.of("service"), List.of("ksef_outbox_backlog"))), query.groupings());
    }

    @Test
    void queriesOnExposedMetricsAndLabelsPass() {
        assertEquals(List.of(), problems("sum by (service, uri) (rate(http_server_requests_seconds_count"
                + "{status=~\"5..\"}[5m])) / sum by (service, uri) (rate(http_server_requests_seconds_count[5m]))"));
        assertEquals(List.of(), problems("sum(jvm_memory_used_bytes{area=\"heap\"}) by (service)"));
        assertEquals(List.of(), problems("sum by (consumergroup, topic) (kafka_consumergroup_lag) > 1000"));
        assertEquals(List.of(), problems("odd_total{text!=\"x\"}"));
    }

    @Test
    void aPanelNamingAMissingMetricFails() {
        assertEquals(List.of("panel: metric ksef_outbox_pending is not exposed"),
                problems("max by (service) (ksef_outbox_pending)"));
    }

    @Test
    void aMatcherOrGroupingOnAMissingLabelFails() {
        List<String> problems = problems("sum by (group) (rate(http_server_requests_seconds_count{outcome=\"x\"}[5m]))");
        assertEquals(2, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("has no label outcome"), problems.toString());
        assertTrue(problems.get(1).contains("by (group)"), problems.toString());
        assertEquals(1, problems("kafka_consumergroup_lag{group=\"x\"}").size());
    }

    @Test
    void anEqualityMatcherNoSeriesHasFails() {
        assertEquals(List.of("panel: no series of jvm_memory_used_bytes has area=\"nonheap\""),
                problems("jvm_memory_used_bytes{area=\"nonheap\"}"));
    }

    @Test
    void everyDashboardAndRuleOfTheRepositoryParsesAndNamesMetrics() {
        List<MetricsCoverage.Located> dashboards = MetricsCoverage.dashboardQueries(Path.of("grafana"));
        List<MetricsCoverage.Located> rules = MetricsCoverage.ruleQueries(Path.of("k8s"));
        assertTrue(dashboards.size() > 10, dashboards.toString());
        assertTrue(rules.size() >= 6, rules.toString());
        for (MetricsCoverage.Located located : dashboards) {
            assertTrue(!located.query().selectors().isEmpty(), located.where() + " names no metric");
        }
        for (MetricsCoverage.Located located : rules) {
            assertTrue(!located.query().selectors().isEmpty(), located.where() + " names no metric");
        }
    }

    /**
     * What issue #13 asks operators to see: coverage alone would pass if a panel or an alert were dropped, so the
     * dashboard and the rules must still read each of these.
     */
    @Test
    void theDashboardAndTheAlertsReadWhatOperatorsNeed() {
        Set<String> panels = metrics(MetricsCoverage.dashboardQueries(Path.of("grafana")));
        for (String needed : List.of("http_server_requests_seconds_bucket", "ksef_invoices_final_total",
                "ksef_invoice_upo_latency_seconds_bucket", "ksef_sessions_open", "ksef_outbox_backlog",
                "ksef_outbox_oldest_age_seconds", "kafka_consumergroup_lag", "ksef_dead_letters_total",
                "ksef_ratelimit_refused_total", "jvm_memory_used_bytes", "sql_pool_active",
                "ksef_availability_ready_instances")) {
            assertTrue(panels.contains(needed), "no panel reads " + needed);
        }
        Map<String, Set<String>> alerts = new HashMap<>();
        for (MetricsCoverage.Located rule : MetricsCoverage.ruleQueries(Path.of("k8s"))) {
            alerts.put(rule.where().substring(rule.where().indexOf("alert ") + 6), metrics(List.of(rule)));
        }
        assertEquals(Map.of(
                "KsefHttp5xxRate", Set.of("http_server_requests_seconds_count"),
                "KsefOutboxStuck", Set.of("ksef_outbox_oldest_age_seconds"),
                "KsefConsumerLag", Set.of("kafka_consumergroup_lag"),
                "KsefDeadLetters", Set.of("ksef_dead_letters_total"),
                "KsefServiceDown", Set.of("up"),
                "KsefHeartbeatMissing", Set.of("ksef_availability_ready_instances"),
                "KsefUpoLatency", Set.of("ksef_invoice_upo_latency_seconds_bucket")), alerts);
    }

    private static Set<String> metrics(List<MetricsCoverage.Located> queries) {
        return queries.stream().flatMap(q -> q.query().selectors().stream()).map(PromQl.Selector::metric)
                .collect(Collectors.toSet());
    }
}

package pl.ksefhub.deploy.system;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.client.Invoices;
import pl.ksefhub.deploy.client.KsefClient;
import pl.ksefhub.deploy.client.KsefClient.Answer;
import pl.ksefhub.deploy.client.KsefClient.OnlineSession;
import pl.ksefhub.deploy.metrics.Exposition;
import pl.ksefhub.deploy.metrics.MetricsCoverage;
import pl.ksefhub.deploy.services.Service;
import pl.ksefhub.testsupport.RandomIdentifiers;
import pl.ksefhub.testsupport.xades.XadesTestSigner;
import pl.ksefhub.testsupport.xades.XadesTestSigner.KeyKind;
import pl.ksefhub.testsupport.xades.XadesTestSigner.Signer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import static pl.ksefhub.deploy.system.Polls.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Every metric that a Grafana panel (deploy/grafana) or a Prometheus alert (deploy/k8s PrometheusRule) reads is one
 * the services really expose, with the labels the query matches and groups by. The stack gets the traffic that makes
 * the lazily created meters appear (an online session with a valid and a rejected invoice until the UPO, one 429, one
 * record dead-lettered), then every service's {@code /q/metrics} is scraped and every query checked against it.
 * A renamed metric or label fails here, not silently on a dashboard.
 */
class MetricsCoverageSystemIT {

    private static final Duration PROCESSING = Duration.ofSeconds(90);

    /**
     * Metrics that exist only where Prometheus runs, with their labels. Each needs a reason: everything else must be
     * exposed by a service of the stack.
     */
    private static final Map<String, Set<String>> EXTERNAL = Map.of(
            // Strimzi's Kafka Exporter (kafkaExporter in deploy/k8s/base/kafka.yaml): consumer-group lag as the
            // broker sees it; the services' own view is kafka_consumer_fetch_manager_records_lag_max.
            "kafka_consumergroup_lag", Set.of("consumergroup", "topic", "partition"),
            // Prometheus' own per-target series: 1 when the last scrape succeeded, 0 when it failed.
            "up", Set.of("job", "instance", "namespace", "pod", "service", "endpoint", "container"));

    private static RunningStack.Target target;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        target = RunningStack.get();
        assumeTrue(target.servicePorts() != null, "needs the stack's own service ports (not KSEF_SYSTEM_BASE_URL)");
    }

    @Test
    void everyDashboardPanelAndAlertReadsOnlyExposedMetricsAndLabels() throws Exception {
        driveTraffic();

        // Domain meters that the traffic must have moved (the coverage check below only needs them to exist).
        await().atMost(PROCESSING).pollInterval(Duration.ofSeconds(1)).until(() -> {
            Map<Service, Exposition> scrapes = scrapeAll();
            return positive(scrapes.get(Service.INVOICE), "ksef_invoices_final_total", "status", "200")
                    && positive(scrapes.get(Service.INVOICE), "ksef_invoices_final_total", "status", "450")
                    && positive(scrapes.get(Service.UPO), "ksef_invoice_upo_latency_seconds_count", null, null)
                    && positive(scrapes.get(Service.SESSION), "ksef_ratelimit_refused_total", "group", "sessionList")
                    && positive(scrapes.get(Service.SESSION), "ksef_dead_letters_total", "topic", "ksef.submissions")
                    && positive(scrapes.get(Service.SESSION), "ksef_availability_ready_instances", "watched",
                    "upo-service");
        });

        Map<Service, Exposition> scrapes = scrapeAll();
        Exposition all = new Exposition();
        Path dump = Path.of("target", "metrics-scrapes");
        Files.createDirectories(dump);
        for (Service service : Service.values()) {
            String text = scrape(service);
            Files.writeString(dump.resolve(service.moduleName() + ".prom"), text);
            all.add(text);
            // Every series says which service it comes from (platform MeterSettings).
            scrapes.get(service).series().forEach((name, samples) -> samples.forEach(sample ->
                    assertEquals(service.moduleName(), sample.labels().get("service"), name + sample.labels())));
        }

        List<MetricsCoverage.Located> queries = new java.util.ArrayList<>();
        queries.addAll(MetricsCoverage.dashboardQueries(Path.of("grafana")));
        queries.addAll(MetricsCoverage.ruleQueries(Path.of("k8s")));
        List<String> problems = MetricsCoverage.problems(queries, all, EXTERNAL,
                MetricsCoverage.recordedNames(Path.of("k8s")));
        assertEquals(List.of(), problems, "queries read what no service exposes (scrapes in " + dump + ")");
    }

    /** An online session with a valid and a rejected invoice to the UPO, a 429, a dead-lettered submission. */
    private static void driveTraffic() {
        KsefClient client = new KsefClient(target.baseUrl());
        client.authenticateWithKsefToken(target.nip(), target.token());
        OnlineSession session = client.openOnlineSession("FA (3)");
        String valid = referenceOf(client.sendInvoice(session, Invoices.fa3(target.nip(), "MET/" + UUID.randomUUID())));
        String invalid = referenceOf(client.sendInvoice(session, Invoices.fa3WithoutInvoiceNumber(target.nip())));
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500))
                .until(() -> client.get("/v2/sessions/" + session.referenceNumber() + "/invoices/" + valid + "/upo",
                        client.accessToken()).status() == 200);
        await().atMost(PROCESSING).pollInterval(Duration.ofMillis(500))
                .until(() -> client.invoiceStatus(session.referenceNumber(), invalid).json().at("/status/code")
                        .asInt() == 450);
        assertEquals(204, client.closeSession(session).status());

        // A taxpayer of its own with production limits: the session list allows 10 a minute, the 11th is a 429.
        String nip = RandomIdentifiers.nip();
        Signer signer = XadesTestSigner.seal(nip, KeyKind.EC_P256);
        KsefClient limited = new KsefClient(target.baseUrl());
        limited.authenticateWithXades(nip, xml -> XadesTestSigner.sign(xml, signer));
        KsefClient.expect(limited.post("/v2/testdata/rate-limits/production", limited.accessToken(), Map.of()), 200);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(() ->
                limited.get("/v2/sessions?sessionType=Online", limited.accessToken()).status() == 429);

        // A submission without CloudEvents headers: session-service dead-letters it to ksef.submissions.dlq.
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, target.kafka());
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(props, new StringSerializer(),
                new StringSerializer())) {
            producer.send(new ProducerRecord<>("ksef.submissions", "metrics-" + UUID.randomUUID(), "not an event"))
                    .get(30, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot publish to ksef.submissions", e);
        }
    }

    private static String referenceOf(Answer answer) {
        assertEquals(202, answer.status(), answer.text());
        return answer.json().get("referenceNumber").asText();
    }

    private static boolean positive(Exposition exposition, String metric, String label, String value) {
        Predicate<Exposition.Sample> wanted = s -> label == null || value.equals(s.labels().get(label));
        return exposition.series().getOrDefault(metric, List.of()).stream().filter(wanted)
                .anyMatch(s -> s.value() > 0);
    }

    private static Map<Service, Exposition> scrapeAll() throws IOException, InterruptedException {
        Map<Service, Exposition> scrapes = new EnumMap<>(Service.class);
        for (Service service : Service.values()) {
            scrapes.put(service, new Exposition().add(scrape(service)));
        }
        return scrapes;
    }

    private static String scrape(Service service) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:"
                        + target.servicePorts().get(service) + "/q/metrics")).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), service + " /q/metrics");
        return response.body();
    }
}

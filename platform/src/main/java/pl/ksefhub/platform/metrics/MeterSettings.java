package pl.ksefhub.platform.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.inject.ConfigProperty;

import java.time.Duration;
import java.util.List;

/**
 * What every service's Micrometer registry applies (Quarkus picks up every {@link MeterFilter} bean): a
 * {@code service} tag with the application's name on every meter, so a series says where it comes from however it
 * is scraped, and latency buckets for HTTP requests, so the dashboard's p95/p99 come from
 * {@code http_server_requests_seconds_bucket}. Fixed buckets (service-level objectives) rather than Micrometer's
 * percentile histogram: a dozen series per route instead of seventy.
 */
@Singleton
public class MeterSettings {

    /** Upper bounds of the HTTP latency buckets: from a cached read to a slow batch-package upload. */
    static final List<Duration> HTTP_BUCKETS = List.of(Duration.ofMillis(5), Duration.ofMillis(10),
            Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5),
            Duration.ofSeconds(10), Duration.ofSeconds(30));

    private final String service;

    public MeterSettings(@ConfigProperty(name = "quarkus.application.name") String service) {
        this.service = service;
    }

    @Produces
    @Singleton
    MeterFilter serviceTag() {
        return MeterFilter.commonTags(List.of(Tag.of("service", service)));
    }

    @Produces
    @Singleton
    MeterFilter httpLatencyBuckets() {
        return new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (!id.getName().equals("http.server.requests")) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(HTTP_BUCKETS.stream().mapToDouble(Duration::toNanos).toArray())
                        .build().merge(config);
            }
        };
    }
}

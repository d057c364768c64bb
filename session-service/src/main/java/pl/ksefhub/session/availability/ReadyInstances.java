package pl.ksefhub.session.availability;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gauge {@code ksef_availability_ready_instances{watched="invoice-service"|...}}: how many instances of each
 * watched service this replica heard report ready within their last {@code ksef.availability.missed-heartbeats}
 * intervals, as of the last evaluation. It is what the Latarnia status is judged on, so an alert on a service's
 * missing heartbeat ({@code max by (watched) (...) == 0}) says what clients are told. Every replica of
 * session-service reads every heartbeat: dashboards and alerts take {@code max} over replicas. The tag is
 * {@code watched}, not {@code service}: {@code service} names the reporting service on every meter.
 */
@ApplicationScoped
public class ReadyInstances {

    private final Map<String, AtomicInteger> ready = new ConcurrentHashMap<>();

    public ReadyInstances(AvailabilityConfig config, MeterRegistry metrics) {
        for (String watched : config.services()) {
            AtomicInteger count = new AtomicInteger();
            ready.put(watched, count);
            Gauge.builder("ksef.availability.ready.instances", count, AtomicInteger::get)
                    .description("Instances of a watched service whose last heartbeat, still fresh, said ready")
                    .tag("watched", watched).register(metrics);
        }
    }

    void observed(Assessment assessment) {
        for (Assessment.ServiceHealth health : assessment.services()) {
            AtomicInteger count = ready.get(health.service());
            if (count != null) {
                count.set(health.readyInstances());
            }
        }
    }
}

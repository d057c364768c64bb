package pl.ksefhub.session.availability;

import pl.ksefhub.session.availability.LatarniaApi.Category;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * What the heartbeats say at one moment: the health of each watched service, and the failure that follows from it.
 * Pure: built from what was seen and the clock, so every rule is unit-tested.
 *
 * <p>A service is healthy when at least one of its instances reported ready within the last
 * {@code missedHeartbeats} of that instance's own intervals; unhealthy when its fresh instances all reported not
 * ready; missing when none of its instances is fresh. A critical service unhealthy or missing is a total failure,
 * any other a failure. During the start-up grace a service never heard of is not yet missing.
 *
 * @param services    the watched services, in configured order
 * @param failure     the failure in progress, if any
 * @param settled     the start-up grace has passed
 * @param selfHeard   this instance's own heartbeats come back: its view of the topic is live
 */
record Assessment(List<ServiceHealth> services, Optional<Category> failure, boolean settled, boolean selfHeard) {

    enum Health {
        HEALTHY, UNHEALTHY, MISSING, UNKNOWN
    }

    /**
     * One watched service; {@code failingChecks} are the readiness checks its fresh instances named as down,
     * {@code readyInstances} how many of its fresh instances reported ready.
     */
    record ServiceHealth(String service, boolean critical, Health health, List<String> failingChecks,
                         int readyInstances) {

        boolean failed() {
            return health == Health.UNHEALTHY || health == Health.MISSING;
        }

        /** As the failure message names it, e.g. {@code upo-service (niegotowa: database)}. */
        String describe() {
            return switch (health) {
                case MISSING -> service + " (brak sygnału)";
                case UNHEALTHY -> service + (failingChecks.isEmpty() ? " (niegotowa)"
                        : " (niegotowa: " + String.join(", ", failingChecks) + ")");
                default -> service;
            };
        }
    }

    /** The last heartbeat of one instance and when it arrived. */
    record Seen(ObservedHeartbeat heartbeat, Instant receivedAt) {

        /** Still speaking: the last heartbeat came within {@code missed} of its announced intervals. */
        boolean fresh(Instant now, int missed, Duration defaultInterval) {
            long interval = heartbeat.intervalMillis() > 0 ? heartbeat.intervalMillis() : defaultInterval.toMillis();
            return receivedAt.plusMillis(interval * missed).isAfter(now);
        }
    }

    /** The rules, as configured. */
    record Rules(List<String> services, List<String> criticalServices, int missedHeartbeats, Duration startupGrace) {
    }

    /** Interval assumed for a heartbeat that does not announce one. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(5);

    /**
     * @param seen      the last heartbeat of every instance heard of
     * @param self      this instance's service and id ({@code service/instance})
     * @param startedAt when this instance started listening
     */
    static Assessment of(Rules rules, Collection<Seen> seen, String self, Instant startedAt, Instant now) {
        boolean settled = !now.isBefore(startedAt.plus(rules.startupGrace()));
        List<ServiceHealth> services = new ArrayList<>();
        for (String service : rules.services()) {
            List<Seen> fresh = seen.stream()
                    .filter(s -> s.heartbeat().service().equals(service))
                    .filter(s -> s.fresh(now, rules.missedHeartbeats(), DEFAULT_INTERVAL))
                    .toList();
            Health health;
            List<String> failing = List.of();
            if (fresh.stream().anyMatch(s -> s.heartbeat().up())) {
                health = Health.HEALTHY;
            } else if (!fresh.isEmpty()) {
                health = Health.UNHEALTHY;
                failing = fresh.stream()
                        .flatMap(s -> s.heartbeat().failingChecks() == null ? Stream.<String>empty()
                                : s.heartbeat().failingChecks().stream())
                        .distinct().sorted().toList();
            } else {
                health = settled ? Health.MISSING : Health.UNKNOWN;
            }
            int ready = (int) fresh.stream().filter(s -> s.heartbeat().up()).count();
            services.add(new ServiceHealth(service, rules.criticalServices().contains(service), health, failing,
                    ready));
        }
        Optional<Category> failure = Optional.empty();
        if (services.stream().anyMatch(s -> s.failed() && s.critical())) {
            failure = Optional.of(Category.TOTAL_FAILURE);
        } else if (services.stream().anyMatch(ServiceHealth::failed)) {
            failure = Optional.of(Category.FAILURE);
        }
        boolean selfHeard = seen.stream().anyMatch(s -> key(s.heartbeat()).equals(self)
                && s.fresh(now, rules.missedHeartbeats(), DEFAULT_INTERVAL));
        return new Assessment(List.copyOf(services), failure, settled, selfHeard);
    }

    static String key(ObservedHeartbeat heartbeat) {
        return heartbeat.service() + "/" + heartbeat.instance();
    }

    /**
     * Whether this view may be written down as the platform's state: only after the grace, and only while this
     * instance hears its own heartbeats. A replica whose consumer is cut off would otherwise record every service
     * as missing while the others see them well.
     */
    boolean reliable() {
        return settled && selfHeard;
    }

    /** The failed services, as the failure message lists them. */
    String failedServices() {
        return services.stream().filter(ServiceHealth::failed).map(ServiceHealth::describe)
                .collect(Collectors.joining(", "));
    }
}

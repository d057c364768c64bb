package pl.ksefhub.deploy.chaos;

import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.services.Service;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The faults of a chaos run at random moments (from the seed): {@code kills} times each service and the broker
 * killed with {@code kill -9} and started again, PostgreSQL restarted once, one service paused with SIGSTOP past the
 * consumers' session timeout (10 s) and resumed. The moments fall within the first 90 % of the run's window; one
 * fault at a time, each starting at its moment or, when the one before took longer, right after it.
 */
final class Faults {

    /** Past the consumers' {@code session.timeout.ms} (10 s): the paused instance's partitions move. */
    static final Duration PAUSE = Duration.ofSeconds(16);

    enum Kind { KILL_SERVICE, KILL_KAFKA, RESTART_POSTGRES, PAUSE_SERVICE }

    /** One fault: when (from the start of the run), what, and to which service. */
    record Fault(Duration at, Kind kind, Service service, Duration down) {
        String describe() {
            return switch (kind) {
                case KILL_SERVICE -> "kill -9 " + service.moduleName() + ", start after " + down.toMillis() + " ms";
                case KILL_KAFKA -> "kill -9 Kafka, start after " + down.toMillis() + " ms";
                case RESTART_POSTGRES -> "restart PostgreSQL (fast shutdown)";
                case PAUSE_SERVICE -> "SIGSTOP " + service.moduleName() + " for " + down.toSeconds() + " s";
            };
        }
    }

    /** A fault as it happened: its start and how long until that part was back (ready). */
    record Done(Fault fault, Duration startedAt, Duration took, String failure) {
    }

    private final List<Fault> schedule;
    private final List<Done> done = new CopyOnWriteArrayList<>();

    private Faults(List<Fault> schedule) {
        this.schedule = schedule;
    }

    static Faults schedule(long seed, Duration window, int kills) {
        Random random = new Random(seed);
        List<Fault> faults = new ArrayList<>();
        for (int round = 0; round < kills; round++) {
            for (Service service : Service.values()) {
                faults.add(new Fault(moment(random, window), Kind.KILL_SERVICE, service,
                        Duration.ofMillis(random.nextInt(3000))));
            }
            faults.add(new Fault(moment(random, window), Kind.KILL_KAFKA, null,
                    Duration.ofMillis(2000 + random.nextInt(6000))));
        }
        faults.add(new Fault(moment(random, window), Kind.RESTART_POSTGRES, null, Duration.ZERO));
        Service paused = Service.values()[random.nextInt(Service.values().length)];
        faults.add(new Fault(moment(random, window), Kind.PAUSE_SERVICE, paused, PAUSE));
        faults.sort(Comparator.comparing(Fault::at));
        return new Faults(List.copyOf(faults));
    }

    private static Duration moment(Random random, Duration window) {
        return Duration.ofMillis((long) (window.toMillis() * (0.03 + 0.87 * random.nextDouble())));
    }

    List<Fault> planned() {
        return schedule;
    }

    List<Done> done() {
        return done;
    }

    /** Runs the schedule against the stack, counting from {@code startNanos}; returns when all were done. */
    void run(LocalStack stack, long startNanos, java.util.function.Consumer<String> log) {
        for (Fault fault : schedule) {
            long due = startNanos + fault.at().toNanos();
            long wait = (due - System.nanoTime()) / 1_000_000;
            if (wait > 0) {
                PatientClient.pause(wait);
            }
            long begun = System.nanoTime();
            Duration startedAt = Duration.ofNanos(begun - startNanos);
            log.accept("fault at " + seconds(startedAt) + ": " + fault.describe());
            String failure = null;
            try {
                inject(stack, fault);
            } catch (RuntimeException e) {
                failure = e.toString();
                log.accept("fault " + fault.describe() + " failed: " + e.getMessage());
            }
            Duration took = Duration.ofNanos(System.nanoTime() - begun);
            done.add(new Done(fault, startedAt, took, failure));
            log.accept("  back after " + seconds(took));
        }
    }

    private static void inject(LocalStack stack, Fault fault) {
        switch (fault.kind()) {
            case KILL_SERVICE -> {
                stack.killService(fault.service());
                PatientClient.pause(fault.down().toMillis());
                stack.startService(fault.service());
            }
            case KILL_KAFKA -> {
                stack.killKafka();
                PatientClient.pause(fault.down().toMillis());
                stack.startKafka();
            }
            case RESTART_POSTGRES -> stack.restartPostgres();
            case PAUSE_SERVICE -> {
                stack.pauseService(fault.service());
                try {
                    PatientClient.pause(fault.down().toMillis());
                } finally {
                    stack.resumeService(fault.service());
                }
            }
        }
    }

    static String seconds(Duration duration) {
        return String.format(java.util.Locale.ROOT, "%.1f s", duration.toMillis() / 1000.0);
    }
}

package pl.ksefhub.deploy.chaos;

import java.io.PrintStream;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** The run's figures as {@code bin/chaos} prints them: what was driven, what was done to the stack, what held. */
public record ChaosReport(ChaosRun.Options options, Duration drive, Duration total, Ledger ledger,
                          List<Faults.Done> faults, ChaosChecks.Outcome outcome) {

    /** Every check held and every fault was injected as planned. */
    public boolean passed() {
        return failures().isEmpty();
    }

    /** The checks that did not hold and the faults that could not be injected, one line each. */
    public List<String> failures() {
        List<String> failures = new java.util.ArrayList<>();
        outcome.checks().stream().filter(check -> !check.passed())
                .forEach(check -> failures.add(check.name() + ": " + check.detail()));
        faults.stream().filter(f -> f.failure() != null)
                .forEach(f -> failures.add(f.fault().describe() + ": " + f.failure()));
        return failures;
    }

    /** The figures of the checks (invoices, accepted, lost, KSeF numbers assigned twice, UPOs verified, …). */
    public Map<String, Object> figures() {
        return outcome.figures();
    }

    /** Faults injected by kind: "KILL_SERVICE", "KILL_KAFKA", "RESTART_POSTGRES", "PAUSE_SERVICE". */
    public Map<String, Integer> injected() {
        Map<String, Integer> counts = new java.util.TreeMap<>();
        faults.forEach(f -> counts.merge(f.fault().kind().name(), 1, Integer::sum));
        return counts;
    }

    private Map<Faults.Kind, Integer> faultCounts() {
        Map<Faults.Kind, Integer> counts = new EnumMap<>(Faults.Kind.class);
        faults.forEach(f -> counts.merge(f.fault().kind(), 1, Integer::sum));
        return counts;
    }

    void print(PrintStream out) {
        Map<String, Object> figures = outcome.figures();
        Map<Faults.Kind, Integer> counts = faultCounts();
        out.println("[chaos] ==== result (seed " + options.seed() + ") ====");
        out.printf("[chaos] invoices: %s meant (%d online, %d in a batch package, %d upstream submissions);"
                        + " %s accepted; drive %s, in all %s%n", figures.get("invoices"), options.online(),
                options.batch(), options.submissions(), figures.get("accepted"), Faults.seconds(drive),
                Faults.seconds(total));
        out.printf("[chaos] requests: %d; answers %s%n", ledger.requests(), ledger.answers());
        out.printf("[chaos] kills (kill -9): %d of services, %d of Kafka; restarts: %d (every kill), PostgreSQL %d;"
                        + " pauses (SIGSTOP %d s): %d%n", counts.getOrDefault(Faults.Kind.KILL_SERVICE, 0),
                counts.getOrDefault(Faults.Kind.KILL_KAFKA, 0),
                counts.getOrDefault(Faults.Kind.KILL_SERVICE, 0) + counts.getOrDefault(Faults.Kind.KILL_KAFKA, 0),
                counts.getOrDefault(Faults.Kind.RESTART_POSTGRES, 0), Faults.PAUSE.toSeconds(),
                counts.getOrDefault(Faults.Kind.PAUSE_SERVICE, 0));
        for (Faults.Done done : faults) {
            out.printf("[chaos]   at %7s %s (back after %s)%s%n", Faults.seconds(done.startedAt()),
                    done.fault().describe(), Faults.seconds(done.took()),
                    done.failure() == null ? "" : " FAILED: " + done.failure());
        }
        out.printf("[chaos] lost: %s; duplicated (KSeF numbers assigned twice): %s; accepted twice: %s;"
                        + " UPOs verified: %s invoice UPOs, %s session UPO pages; dead letters: %s%n",
                figures.get("lost"), figures.get("KSeF numbers assigned twice"), figures.get("accepted twice"),
                figures.get("invoice UPOs verified"), figures.get("session UPO pages verified"),
                figures.get("dead letters"));
        for (ChaosChecks.Check check : outcome.checks()) {
            out.printf("[chaos] %s %s: %s%n", check.passed() ? "PASS" : "FAIL", check.name(), check.detail());
        }
        ledger.notes().stream().limit(20).forEach(note -> out.println("[chaos] note: " + note));
        out.println("[chaos] " + (passed() ? "ALL CHECKS PASSED" : "CHECKS FAILED"));
    }
}

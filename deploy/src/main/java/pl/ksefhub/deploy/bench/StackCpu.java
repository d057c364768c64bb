package pl.ksefhub.deploy.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * CPU time of the stack's processes from {@code /proc}, so that a benchmark can print where the CPU goes per
 * invoice: each process named by {@link pl.ksefhub.deploy.LocalStack#namedProcesses()} with its descendants
 * (PostgreSQL's backends are the postmaster's children), the edge (the Vert.x threads of this JVM, where the launcher
 * runs it) and, apart from the stack's total, the load generator (the rest of this JVM).
 *
 * <p>Per process it counts user + system time of the process and of its live descendants, each with the time of its
 * children that ended and were waited for ({@code cutime + cstime}), so a backend that ends mid-round still counts.
 */
final class StackCpu {

    /** The part of this JVM that is the load generator, not the stack. */
    static final String CLIENT = "client (this JVM)";
    static final String EDGE = "edge";

    /** Clock ticks per second of {@code /proc/<pid>/stat}; 100 on every Linux the stack runs on. */
    private static final double TICKS_PER_SECOND = 100;

    private final Supplier<Map<String, ProcessHandle>> processes;

    StackCpu(Supplier<Map<String, ProcessHandle>> processes) {
        this.processes = processes;
    }

    /** CPU seconds so far of each part of the stack, the edge and the load generator. */
    Map<String, Double> snapshot() {
        Map<String, Double> seconds = new LinkedHashMap<>();
        long edgeTicks = ownThreadTicks("vert.x-");
        seconds.put(EDGE, edgeTicks / TICKS_PER_SECOND);
        processes.get().forEach((name, process) -> seconds.put(name, treeTicks(process) / TICKS_PER_SECOND));
        seconds.put(CLIENT, (processTicks(ProcessHandle.current().pid()) - edgeTicks) / TICKS_PER_SECOND);
        return seconds;
    }

    /** What each part used between two snapshots, and how it reads per invoice. */
    record Usage(Map<String, Double> seconds) {

        static Usage between(Map<String, Double> before, Map<String, Double> after) {
            Map<String, Double> used = new LinkedHashMap<>();
            after.forEach((name, value) -> used.put(name, value - before.getOrDefault(name, 0.0)));
            return new Usage(used);
        }

        /** CPU seconds of the stack: everything but the load generator. */
        double stackSeconds() {
            return seconds.entrySet().stream().filter(e -> !e.getKey().equals(CLIENT))
                    .mapToDouble(Map.Entry::getValue).sum();
        }

        void print(String prefix, long invoices, double wallSeconds) {
            System.out.printf("%s CPU per invoice (%d invoices, %.1f s wall; /proc utime+stime):%n", prefix, invoices,
                    wallSeconds);
            double stack = stackSeconds();
            seconds.forEach((name, value) -> {
                if (!name.equals(CLIENT)) {
                    System.out.printf("%s   %-18s %7.2f ms/invoice  %6.1f s  %5.1f %%  %4.2f cores%n", prefix, name,
                            1000 * value / invoices, value, 100 * value / stack, value / wallSeconds);
                }
            });
            System.out.printf("%s   %-18s %7.2f ms/invoice  %6.1f s           %4.2f cores%n", prefix, "stack total",
                    1000 * stack / invoices, stack, stack / wallSeconds);
            double client = seconds.getOrDefault(CLIENT, 0.0);
            System.out.printf("%s   %-18s %7.2f ms/invoice  %6.1f s           %4.2f cores (not in the total)%n",
                    prefix, CLIENT, 1000 * client / invoices, client, client / wallSeconds);
        }
    }

    /** The process and its live descendants. */
    private static long treeTicks(ProcessHandle root) {
        return Stream.concat(Stream.of(root), root.descendants()).mapToLong(p -> processTicks(p.pid())).sum();
    }

    private static long processTicks(long pid) {
        return ticks(Path.of("/proc", Long.toString(pid), "stat"), true);
    }

    /** This JVM's threads whose name (as the kernel keeps it, 15 characters) starts with {@code prefix}. */
    private static long ownThreadTicks(String prefix) {
        Path tasks = Path.of("/proc/self/task");
        try (Stream<Path> threads = Files.list(tasks)) {
            return threads.filter(thread -> comm(thread).startsWith(prefix))
                    .mapToLong(thread -> ticks(thread.resolve("stat"), false)).sum();
        } catch (IOException e) {
            return 0;
        }
    }

    private static String comm(Path thread) {
        try {
            return Files.readString(thread.resolve("comm")).trim();
        } catch (IOException e) {
            return "";
        }
    }

    /**
     * utime + stime (+ cutime + cstime) of one {@code stat} file; 0 when the process or thread has ended. The
     * fields are counted after the command name's closing parenthesis, since the name may hold spaces.
     */
    private static long ticks(Path stat, boolean withChildren) {
        try {
            String text = Files.readString(stat);
            List<String> fields = List.of(text.substring(text.lastIndexOf(')') + 2).trim().split(" "));
            // fields.get(0) is field 3 (state): utime is field 14, stime 15, cutime 16, cstime 17.
            long own = Long.parseLong(fields.get(11)) + Long.parseLong(fields.get(12));
            return withChildren ? own + Long.parseLong(fields.get(13)) + Long.parseLong(fields.get(14)) : own;
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }
}

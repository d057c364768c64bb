package pl.ksefhub.deploy;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Starting, stopping and reading the output of the child processes the stack runs. */
public final class ChildProcesses {

    private static final String START_HEADER = "==== ksef-hub: started ";
    private static final int TAIL_LINES = 20;

    private ChildProcesses() {
    }

    /** The {@code java} executable of the running JVM: children run on the same Java as the launcher. */
    public static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * Starts a long-running child with stdout and stderr appended to {@code logFile}, after a header line that
     * marks this start in the log.
     */
    public static Process start(List<String> command, Map<String, String> environment, Path workDir, Path logFile) {
        try {
            Files.createDirectories(logFile.getParent());
            Files.writeString(logFile, START_HEADER + OffsetDateTime.now() + ": "
                            + String.join(" ", command) + System.lineSeparator(), StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
            builder.environment().putAll(environment);
            return builder.start();
        } catch (IOException e) {
            throw new StackException("Could not start " + command.get(0) + ": " + e.getMessage(), e);
        }
    }

    /** The exit code and the merged output of a short command. */
    public record Result(int exitCode, String output) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    /** Runs a short command to its end (bounded by {@code timeout}) and returns its exit code and output. */
    public static Result run(List<String> command, Map<String, String> environment, Duration timeout) {
        try {
            Path output = Files.createTempFile("ksef-hub-", ".out");
            try {
                ProcessBuilder builder = new ProcessBuilder(command)
                        .redirectErrorStream(true)
                        .redirectOutput(output.toFile())
                        .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
                builder.environment().putAll(environment);
                Process process = builder.start();
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    stop(process, Duration.ZERO);
                    return new Result(-1, Files.readString(output) + "\n(timed out after " + timeout + ")");
                }
                return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
            } finally {
                Files.deleteIfExists(output);
            }
        } catch (IOException e) {
            return new Result(-1, "could not run " + command.get(0) + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    /**
     * Stops a child and everything it started: SIGTERM, up to {@code grace} for a clean exit, then SIGKILL for the
     * process and whatever of its descendants is still alive.
     */
    public static void stop(Process process, Duration grace) {
        List<ProcessHandle> descendants = process.descendants().collect(Collectors.toList());
        if (process.isAlive()) {
            process.destroy();
        }
        try {
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        Stream.concat(descendants.stream(), process.descendants())
                .filter(ProcessHandle::isAlive)
                .forEach(ProcessHandle::destroyForcibly);
    }

    /**
     * For error messages: the first ERROR line of the latest run in a log (often the one that says why) and the
     * last lines; nothing when there is no such log.
     */
    public static String logExcerpt(Path file) {
        List<String> run = latestRun(file);
        if (run.isEmpty()) {
            return "";
        }
        int tailStart = Math.max(0, run.size() - TAIL_LINES);
        String nl = System.lineSeparator();
        StringBuilder excerpt = new StringBuilder();
        run.subList(0, tailStart).stream().filter(line -> line.contains("ERROR")).findFirst()
                .ifPresent(error -> excerpt.append(nl).append("--- first error in ").append(file).append(" ---")
                        .append(nl).append(error));
        excerpt.append(nl).append("--- last lines of ").append(file).append(" ---").append(nl)
                .append(String.join(nl, run.subList(tailStart, run.size())));
        return excerpt.toString();
    }

    /** The lines since the last start header that {@link #start} wrote, or the whole file. */
    private static List<String> latestRun(Path file) {
        if (!Files.isRegularFile(file)) {
            return List.of();
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = lines.size() - 1; i >= 0; i--) {
                if (lines.get(i).startsWith(START_HEADER)) {
                    return lines.subList(i + 1, lines.size());
                }
            }
            return lines;
        } catch (IOException | UncheckedIOException e) {
            return List.of("(could not read " + file + ": " + e.getMessage() + ")");
        }
    }
}

package pl.ksefhub.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * {@code <data>/run/<name>.pid} for each child the stack starts, removed when it stops. A launcher killed hard
 * (SIGKILL) cannot stop its children; the next stack on the same data folder finds their pid files and ends them
 * before it starts its own.
 */
final class PidFiles {

    private final Path runDir;

    PidFiles(Path runDir) {
        this.runDir = runDir;
    }

    /**
     * @param marker a text in the process's command line, so that a reused pid is never mistaken for ours
     */
    void write(String name, ProcessHandle process, String marker) {
        try {
            Files.createDirectories(runDir);
            Files.writeString(runDir.resolve(name + ".pid"), process.pid() + "\n" + marker + "\n",
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new StackException("Could not write " + runDir.resolve(name + ".pid") + ": " + e, e);
        }
    }

    void remove(String name) {
        try {
            Files.deleteIfExists(runDir.resolve(name + ".pid"));
        } catch (IOException e) {
            // A stale pid file is checked against the process's command line before anything is done with it.
        }
    }

    /** Kills the processes that an earlier stack left running. @return one line for each */
    List<String> stopLeftovers() {
        List<String> stopped = new ArrayList<>();
        if (!Files.isDirectory(runDir)) {
            return stopped;
        }
        try (Stream<Path> files = Files.list(runDir)) {
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".pid")).toList()) {
                String name = file.getFileName().toString().replace(".pid", "");
                leftover(file).ifPresent(process -> {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                    process.onExit().join();
                    stopped.add("stopped " + name + " (pid " + process.pid() + ") left running by an earlier stack");
                });
                Files.deleteIfExists(file);
            }
        } catch (IOException e) {
            throw new StackException("Could not read " + runDir + ": " + e, e);
        }
        return stopped;
    }

    private static Optional<ProcessHandle> leftover(Path file) {
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            long pid = Long.parseLong(lines.get(0).trim());
            String marker = lines.get(1).trim();
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().commandLine().map(line -> line.contains(marker)).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

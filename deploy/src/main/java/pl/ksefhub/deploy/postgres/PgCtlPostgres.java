package pl.ksefhub.deploy.postgres;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import pl.ksefhub.deploy.ChildProcesses;
import pl.ksefhub.deploy.StackException;

/**
 * PostgreSQL from the machine's own binaries (Debian's {@code postgresql} package or {@code PG_BIN}): {@code initdb}
 * once into the data directory, then {@code pg_ctl start}/{@code stop}. {@code initdb} refuses to run as root, so
 * as root every call goes through {@code runuser -u postgres --} and the data directory belongs to postgres.
 */
final class PgCtlPostgres implements PostgresServer {

    private static final String HOST = "127.0.0.1";
    private static final String SERVICE_USER = "postgres";
    private static final Pattern VERSION = Pattern.compile("\\(PostgreSQL\\) (\\d+)");

    private final Path binDir;
    private final Path dataDir;
    private final int port;
    private final boolean asPostgresUser;
    private final int majorVersion;
    private Path logFile;

    /** The binaries cannot be used here (e.g. user postgres cannot reach the data directory). */
    static final class Unusable extends Exception {
        Unusable(String reason) {
            super(reason);
        }
    }

    private PgCtlPostgres(Path binDir, Path dataDir, int port, boolean asPostgresUser, int majorVersion) {
        this.binDir = binDir;
        this.dataDir = dataDir;
        this.port = port;
        this.asPostgresUser = asPostgresUser;
        this.majorVersion = majorVersion;
    }

    /**
     * The directory with {@code initdb}, {@code pg_ctl} and {@code postgres}: {@code PG_BIN}, else
     * {@code pg_config --bindir}, else the newest {@code /usr/lib/postgresql/<version>/bin}.
     */
    static Optional<Path> findBinaries(String pgBin) {
        if (pgBin != null && !pgBin.isBlank()) {
            return Optional.of(Path.of(pgBin)).filter(PgCtlPostgres::hasBinaries);
        }
        List<Path> candidates = new ArrayList<>();
        ChildProcesses.Result pgConfig = ChildProcesses.run(List.of("pg_config", "--bindir"), Map.of(),
                Duration.ofSeconds(10));
        if (pgConfig.ok()) {
            candidates.add(Path.of(pgConfig.output().trim()));
        }
        Path debian = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(debian)) {
            try (Stream<Path> versions = Files.list(debian)) {
                versions.filter(dir -> dir.getFileName().toString().matches("\\d+"))
                        .sorted(Comparator.comparing((Path dir) -> Integer.parseInt(dir.getFileName().toString()))
                                .reversed())
                        .map(dir -> dir.resolve("bin"))
                        .forEach(candidates::add);
            } catch (IOException e) {
                // No Debian binaries then.
            }
        }
        return candidates.stream().filter(PgCtlPostgres::hasBinaries).findFirst();
    }

    private static boolean hasBinaries(Path dir) {
        return Stream.of("initdb", "pg_ctl", "postgres").allMatch(name -> Files.isExecutable(dir.resolve(name)));
    }

    /**
     * Initialises {@code dataDir} the first time, then starts the server on 127.0.0.1:{@code port} and returns
     * once it accepts connections.
     */
    static PgCtlPostgres start(Path binDir, Path dataDir, Path logFile, int port) throws Unusable {
        boolean root = isRoot();
        if (root && !postgresUserExists()) {
            throw new Unusable("running as root, and there is no user 'postgres' to run PostgreSQL as");
        }
        int majorVersion = majorVersion(binDir);
        PgCtlPostgres server = new PgCtlPostgres(binDir, dataDir, port, root, majorVersion);
        server.prepareDirectories(logFile);
        if (!Files.exists(dataDir.resolve("PG_VERSION"))) {
            server.initdb();
        }
        server.requireSameMajorVersion();
        PostmasterPid.stopLeftover(dataDir);
        PostgresLauncher.requirePortFree(port);
        server.logFile = logFile;
        server.pgCtlStart();
        return server;
    }

    private void pgCtlStart() {
        pgCtl("start", logFile, "-l", logFile.toAbsolutePath().toString(), "-o", "-p " + port, "-w", "-t", "60");
    }

    /** {@code pg_ctl stop -m fast}, then {@code start} again: the data directory and port stay. */
    @Override
    public void restart() {
        close();
        pgCtlStart();
    }

    private void prepareDirectories(Path logFile) throws Unusable {
        try {
            Files.createDirectories(dataDir);
            Files.createDirectories(logFile.getParent());
            if (!Files.exists(logFile)) {
                Files.createFile(logFile);
            }
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwx------"));
            if (asPostgresUser) {
                chownToPostgres(dataDir);
                chownToPostgres(logFile);
            }
        } catch (IOException e) {
            throw new StackException("Could not prepare " + dataDir + " for PostgreSQL: " + e, e);
        }
        if (asPostgresUser) {
            ChildProcesses.Result reachable = ChildProcesses.run(
                    List.of("runuser", "-u", SERVICE_USER, "--", "test", "-w", dataDir.toAbsolutePath().toString()),
                    Map.of(), Duration.ofSeconds(10));
            if (!reachable.ok()) {
                throw new Unusable("user postgres cannot write " + dataDir.toAbsolutePath()
                        + " (a parent folder is closed to other users)");
            }
        }
    }

    private void initdb() {
        ChildProcesses.Result result = ChildProcesses.run(command("initdb", "-D", dataDir.toAbsolutePath().toString(),
                "-A", "trust", "-U", SERVICE_USER, "-E", "UTF8", "--no-locale", "--no-sync"), Map.of(),
                Duration.ofMinutes(2));
        if (!result.ok()) {
            throw new StackException("initdb into " + dataDir + " failed (exit " + result.exitCode() + "):\n"
                    + result.output());
        }
        try {
            // Only TCP on 127.0.0.1: no unix socket (its default folder may not be writable), no other interface.
            Files.writeString(dataDir.resolve("postgresql.conf"), String.join("\n", "",
                    "# ksef-hub local stack",
                    "listen_addresses = '127.0.0.1'",
                    "unix_socket_directories = ''",
                    "max_connections = 200",
                    "timezone = 'UTC'",
                    ""), StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        } catch (IOException e) {
            throw new StackException("Could not configure " + dataDir + ": " + e, e);
        }
    }

    private void requireSameMajorVersion() {
        try {
            String dataVersion = Files.readString(dataDir.resolve("PG_VERSION")).trim();
            if (!dataVersion.equals(Integer.toString(majorVersion))) {
                throw new StackException(dataDir + " holds a PostgreSQL " + dataVersion + " cluster, but the binaries "
                        + "in " + binDir + " are PostgreSQL " + majorVersion + ": point PG_BIN at version " + dataVersion
                        + " binaries, or delete " + dataDir + " to start afresh");
            }
        } catch (IOException e) {
            throw new StackException("Could not read " + dataDir.resolve("PG_VERSION") + ": " + e, e);
        }
    }

    private static int majorVersion(Path binDir) throws Unusable {
        ChildProcesses.Result version = ChildProcesses.run(List.of(binDir.resolve("pg_ctl").toString(), "--version"),
                Map.of(), Duration.ofSeconds(10));
        Matcher matcher = VERSION.matcher(version.output());
        if (!version.ok() || !matcher.find()) {
            throw new Unusable(binDir.resolve("pg_ctl") + " --version failed: " + version.output().trim());
        }
        return Integer.parseInt(matcher.group(1));
    }

    /** Runs {@code pg_ctl -D <data> <options> <action>}. */
    private ChildProcesses.Result pgCtl(String action, String... options) {
        List<String> arguments = new ArrayList<>(List.of("-D", dataDir.toAbsolutePath().toString()));
        arguments.addAll(List.of(options));
        arguments.add(action);
        return ChildProcesses.run(command("pg_ctl", arguments.toArray(String[]::new)), Map.of(),
                Duration.ofSeconds(90));
    }

    private void pgCtl(String action, Path logFile, String... options) {
        ChildProcesses.Result result = pgCtl(action, options);
        if (!result.ok()) {
            throw new StackException("pg_ctl " + action + " failed (exit " + result.exitCode() + "): "
                    + result.output().trim() + ChildProcesses.logExcerpt(logFile));
        }
    }

    /** The binary with its arguments, through {@code runuser -u postgres --} when running as root. */
    private List<String> command(String binary, String... arguments) {
        List<String> command = new ArrayList<>();
        if (asPostgresUser) {
            command.addAll(List.of("runuser", "-u", SERVICE_USER, "--"));
        }
        command.add(binDir.resolve(binary).toString());
        command.addAll(List.of(arguments));
        return command;
    }

    static boolean isRoot() {
        return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
    }

    private static boolean postgresUserExists() {
        try {
            UserPrincipalLookupService users = Path.of("/").getFileSystem().getUserPrincipalLookupService();
            users.lookupPrincipalByName(SERVICE_USER);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void chownToPostgres(Path path) throws IOException {
        UserPrincipalLookupService users = path.getFileSystem().getUserPrincipalLookupService();
        PosixFileAttributeView attributes = Files.getFileAttributeView(path, PosixFileAttributeView.class);
        attributes.setOwner(users.lookupPrincipalByName(SERVICE_USER));
        attributes.setGroup(users.lookupPrincipalByGroupName(SERVICE_USER));
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
        return SERVICE_USER;
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
        return "PostgreSQL " + majorVersion + " (" + binDir + ")";
    }

    /** {@code pg_ctl stop -m fast}: disconnects clients, shuts down cleanly; returns once the server is gone. */
    @Override
    public void close() {
        Optional<ProcessHandle> postmaster = PostmasterPid.running(dataDir);
        ChildProcesses.Result result = pgCtl("stop", "-m", "fast", "-w", "-t", "60");
        if (!result.ok() && Files.exists(dataDir.resolve("postmaster.pid"))) {
            throw new StackException("pg_ctl stop failed (exit " + result.exitCode() + "): " + result.output().trim());
        }
        // pg_ctl returns when the pid file is gone, a moment before the postmaster has exited.
        postmaster.ifPresent(process -> PostmasterPid.awaitExit(process, Duration.ofSeconds(10)));
    }
}

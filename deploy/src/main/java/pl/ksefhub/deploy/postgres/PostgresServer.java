package pl.ksefhub.deploy.postgres;

import java.util.Optional;

/** A PostgreSQL server the services use: one database per service, all on this server. */
public interface PostgresServer extends AutoCloseable {

    String host();

    int port();

    String user();

    String password();

    /** What this server is, for the progress line, e.g. "PostgreSQL 15 (/usr/lib/postgresql/15/bin)". */
    String description();

    /** {@code jdbc:postgresql://host:port/database}, for Flyway and JDBC clients. */
    default String jdbcUrl(String database) {
        return "jdbc:" + reactiveUrl(database);
    }

    /** {@code postgresql://host:port/database}, the form of {@code quarkus.datasource.reactive.url}. */
    default String reactiveUrl(String database) {
        return "postgresql://" + host() + ":" + port() + "/" + database;
    }

    /**
     * Stops the server (fast shutdown: every client connection is cut, as when an operator restarts it) and
     * starts it again on the same port with the same data; returns once it accepts connections again. Only for a
     * server the stack started.
     */
    default void restart() {
        throw new UnsupportedOperationException(description() + " was not started by the stack: not restarted");
    }

    /**
     * The postmaster, when the stack started this server on this machine (its backends are its children), e.g. to
     * read their CPU time; empty for an external server.
     */
    default Optional<ProcessHandle> postmaster() {
        return Optional.empty();
    }

    /** Stops the server when the stack started it; does nothing for an external server. */
    @Override
    void close();
}

package pl.ksefhub.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Takes one database of the test PostgreSQL away from the service under test, for real: no new connection is
 * accepted ({@code ALLOW_CONNECTIONS false}, which binds superusers too) and every open one is terminated, so the
 * service's pool meets what it meets when the server goes down. {@link #close} gives the database back.
 * <pre>{@code try (DatabaseOutage outage = DatabaseOutage.of("ksef_session")) { ... } }</pre>
 */
public final class DatabaseOutage implements AutoCloseable {

    private final String database;

    private DatabaseOutage(String database) {
        this.database = database;
    }

    public static DatabaseOutage of(String database) {
        DatabaseOutage outage = new DatabaseOutage(database);
        outage.execute("alter database " + database + " with allow_connections false",
                "select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                        + "' and pid <> pg_backend_pid()");
        return outage;
    }

    /** Terminates the connections opened since (none can be; for a test that wants to be sure). */
    public void terminateConnections() {
        execute("select pg_terminate_backend(pid) from pg_stat_activity where datname = '" + database
                + "' and pid <> pg_backend_pid()");
    }

    @Override
    public void close() {
        execute("alter database " + database + " with allow_connections true");
    }

    private void execute(String... statements) {
        String url = TestInfrastructure.database(database);
        String admin = url.substring(0, url.lastIndexOf('/')) + "/postgres";
        try (Connection connection = DriverManager.getConnection(admin, TestInfrastructure.pgUser(),
                TestInfrastructure.pgPassword()); Statement statement = connection.createStatement()) {
            for (String sql : statements) {
                statement.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("Cannot change the availability of " + database, e);
        }
    }
}

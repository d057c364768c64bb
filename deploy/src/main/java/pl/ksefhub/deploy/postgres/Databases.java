package pl.ksefhub.deploy.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Properties;

import pl.ksefhub.deploy.StackException;

/** Creates the services' databases on a server when they are missing. */
public final class Databases {

    private Databases() {
    }

    /** @return the databases that were created now; empty when all existed */
    public static List<String> ensure(PostgresServer server, Collection<String> names) {
        List<String> created = new ArrayList<>();
        try (Connection connection = connect(server, "postgres")) {
            for (String name : names) {
                if (!exists(connection, name)) {
                    try (Statement statement = connection.createStatement()) {
                        statement.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                    }
                    created.add(name);
                }
            }
            return created;
        } catch (SQLException e) {
            throw new StackException("Could not create the databases " + names + " on " + server.description()
                    + ": " + e.getMessage(), e);
        }
    }

    /** A JDBC connection to {@code database} as the server's user. */
    public static Connection connect(PostgresServer server, String database) throws SQLException {
        Properties properties = new Properties();
        properties.setProperty("user", server.user());
        properties.setProperty("password", server.password());
        properties.setProperty("connectTimeout", "10");
        return DriverManager.getConnection(server.jdbcUrl(database), properties);
    }

    private static boolean exists(Connection connection, String name) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, name);
            try (ResultSet rows = query.executeQuery()) {
                return rows.next();
            }
        }
    }
}

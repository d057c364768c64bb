package pl.ksefhub.platform.outbox;

import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import pl.ksefhub.testsupport.TestInfrastructure;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

/**
 * The platform's own tables ({@code db/platform} migrations, as the services' Flyway applies them) in a database of
 * the test PostgreSQL, for the platform's integration tests that run without a service around them.
 */
public final class PlatformDatabase {

    public static final String NAME = "ksef_platform";
    private static final List<String> MIGRATIONS = List.of("db/platform/V0_1__outbox_and_processed_events.sql",
            "db/platform/V0_2__retention_indexes.sql", "db/platform/V0_3__outbox_traceparent.sql");
    private static Vertx vertx;

    private PlatformDatabase() {
    }

    public static synchronized String jdbcUrl() {
        String url = TestInfrastructure.database(NAME);
        try (Connection db = connect(url); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery("select to_regclass('outbox_event') is not null")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                for (String migration : MIGRATIONS) {
                    try (InputStream sql = PlatformDatabase.class.getClassLoader().getResourceAsStream(migration)) {
                        statement.execute(new String(sql.readAllBytes(), StandardCharsets.UTF_8));
                    }
                }
            }
        } catch (Exception e) {
            throw new IllegalStateException("Cannot prepare " + NAME, e);
        }
        return url;
    }

    public static Connection connect() throws java.sql.SQLException {
        return connect(jdbcUrl());
    }

    private static Connection connect(String url) throws java.sql.SQLException {
        return DriverManager.getConnection(url, TestInfrastructure.pgUser(), TestInfrastructure.pgPassword());
    }

    /** A reactive pool on it, as a service's datasource gives the relay and the retention job. */
    public static synchronized Pool pool() {
        if (vertx == null) {
            vertx = Vertx.vertx();
        }
        return PgBuilder.pool().with(new PoolOptions().setMaxSize(4))
                .connectingTo(PgConnectOptions.fromUri(jdbcUrl().substring("jdbc:".length()))
                        .setUser(TestInfrastructure.pgUser()).setPassword(TestInfrastructure.pgPassword()))
                .using(vertx).build();
    }

    public static long count(String sql) {
        try (Connection db = connect(); Statement statement = db.createStatement();
             ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    public static void execute(String sql) {
        try (Connection db = connect(); Statement statement = db.createStatement()) {
            statement.execute(sql);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}

package pl.ksefhub.deploy.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import pl.ksefhub.deploy.Ports;

/** The fallback for machines without PostgreSQL binaries: the embedded server, with a data folder that persists. */
class EmbeddedPostgresIT {

    private Path dataDir;

    @BeforeEach
    void createDataDir() throws IOException {
        dataDir = Files.createTempDirectory("ksef-embedded-pg-it");
    }

    @AfterEach
    void deleteDataDir() throws IOException {
        try (Stream<Path> files = Files.walk(dataDir)) {
            for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Test
    void startsCreatesDatabasesStopsAndKeepsData() throws Exception {
        int port = Ports.free();
        PostgresLauncher.Options options = new PostgresLauncher.Options(null, null, null, PostgresMode.EMBEDDED,
                null, dataDir, dataDir.resolve("logs/postgres.log"), port);

        try (PostgresServer server = PostgresLauncher.start(options, note -> { })) {
            assertEquals("embedded PostgreSQL 17", server.description());
            assertEquals(List.of("ksef_a", "ksef_b"), Databases.ensure(server, List.of("ksef_a", "ksef_b")));
            assertEquals(List.of(), Databases.ensure(server, List.of("ksef_a", "ksef_b")), "existing ones are kept");
            try (Connection connection = Databases.connect(server, "ksef_a");
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE marker (id int); INSERT INTO marker VALUES (7)");
            }
        }
        assertFalse(Ports.isTaken("127.0.0.1", port), "stopped");
        assertFalse(Files.exists(dataDir.resolve("pg-embedded/postmaster.pid")), "stopped");

        try (PostgresServer server = PostgresLauncher.start(options, note -> { });
             Connection connection = Databases.connect(server, "ksef_a");
             Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT id FROM marker")) {
            List<Integer> ids = new ArrayList<>();
            while (rows.next()) {
                ids.add(rows.getInt(1));
            }
            assertEquals(List.of(7), ids);
        }
    }
}

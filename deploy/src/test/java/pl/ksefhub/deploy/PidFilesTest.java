package pl.ksefhub.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A stack killed hard leaves its children running; the next one on the same data folder ends them. */
class PidFilesTest {

    @TempDir
    Path runDir;

    @Test
    void stopsAProcessLeftRunningByAnEarlierStack() throws Exception {
        Process leftover = new ProcessBuilder("sleep", "300").start();
        try {
            PidFiles earlier = new PidFiles(runDir);
            earlier.write("kafka", leftover.toHandle(), "sleep");

            List<String> stopped = new PidFiles(runDir).stopLeftovers();

            assertTrue(leftover.waitFor(5, TimeUnit.SECONDS), "leftover ended");
            assertEquals(1, stopped.size(), stopped.toString());
            assertFalse(Files.exists(runDir.resolve("kafka.pid")));
        } finally {
            leftover.destroyForcibly();
        }
    }

    @Test
    void leavesAProcessAloneWhoseCommandLineDoesNotMatch() throws Exception {
        Process unrelated = new ProcessBuilder("sleep", "300").start();
        try {
            // The pid was reused by another program: its command line lacks the marker.
            new PidFiles(runDir).write("kafka", unrelated.toHandle(), "kafka.Kafka /some/data/kafka");

            List<String> stopped = new PidFiles(runDir).stopLeftovers();

            assertEquals(List.of(), stopped);
            assertTrue(unrelated.isAlive());
            assertFalse(Files.exists(runDir.resolve("kafka.pid")), "the stale pid file is gone");
        } finally {
            unrelated.destroyForcibly();
        }
    }
}

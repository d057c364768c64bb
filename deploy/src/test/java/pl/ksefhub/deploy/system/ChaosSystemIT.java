package pl.ksefhub.deploy.system;

import org.junit.jupiter.api.Test;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.chaos.ChaosReport;
import pl.ksefhub.deploy.chaos.ChaosRun;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The short form of {@code bin/chaos}: about 1,000 invoices over two minutes through a stack of its own, while each
 * service and the broker is killed once ({@code kill -9}) and started again, PostgreSQL is restarted once and one
 * service is paused (SIGSTOP) past the consumers' session timeout. Every check of the chaos run must hold. The seed
 * is printed; {@code -Dksef.chaos.seed=N} replays a run's fault schedule.
 */
class ChaosSystemIT {

    @Test
    void underKillsRestartsAndAPauseNoInvoiceIsLostNumberedTwiceOrLeftWithoutItsUpo() throws Exception {
        Path dataDir = Files.createTempDirectory("ksef-chaos-it-");
        // As root the machine's PostgreSQL runs as user postgres, which must be able to enter the folder.
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        long seed = Long.getLong("ksef.chaos.seed", System.currentTimeMillis());
        ChaosRun.Options options = new ChaosRun.Options(1_000, seed, 6, 50, 0.1, 0.1, Duration.ofSeconds(120), 1);
        ChaosReport report;
        try (LocalStack stack = LocalStack.start(ChaosRun.stackOptions(dataDir).build())) {
            report = ChaosRun.run(stack, options, System.out);
        }
        assertEquals(Map.of("KILL_SERVICE", 4, "KILL_KAFKA", 1, "RESTART_POSTGRES", 1, "PAUSE_SERVICE", 1),
                report.injected());
        assertTrue(report.passed(), "seed " + seed + ": " + String.join("\n", report.failures()));
        assertEquals(1_000, report.figures().get("invoices"));
        assertEquals(0, report.figures().get("lost"));
        assertEquals(1_000, report.figures().get("invoice UPOs verified"));
    }
}

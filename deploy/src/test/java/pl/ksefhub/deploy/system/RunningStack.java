package pl.ksefhub.deploy.system;

import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.edge.Retries;
import pl.ksefhub.deploy.postgres.PostgresServer;
import pl.ksefhub.deploy.services.Service;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumMap;
import java.util.Map;

/**
 * One whole ksef-hub (Kafka, PostgreSQL, the four services, the edge) per test JVM, on free ports in a fresh folder,
 * with the launcher's own SMTP server (its mail sink, which keeps every e-mail recurring-service sends as an
 * {@code .eml} file in {@link Target#mailDir()}, as {@code bin/ksef-hub} does); started by the first system test that
 * asks and stopped when the JVM ends. {@code KSEF_SYSTEM_BASE_URL} (with {@code KSEF_SYSTEM_NIP} and
 * {@code KSEF_SYSTEM_TOKEN}) points the HTTP-only system tests at a stack already running instead;
 * {@code KSEF_STARTUP_TIMEOUT} (seconds) gives the services longer to start.
 */
final class RunningStack {

    /**
     * @param kafka, {@code mailDir}, {@code postgres}, {@code servicePorts}, {@code dataDir} and {@code stack} are
     *        null against an external stack
     * @param dataDir the stack's folder: {@code logs/} holds every process's log, {@code keys/} its private keys
     * @param stack   the launcher, to stop, kill or restart its services
     */
    record Target(String baseUrl, String nip, String token, String kafka, Path mailDir, PostgresServer postgres,
                  Map<Service, Integer> servicePorts, Path dataDir, LocalStack stack) {
    }

    private static Target target;

    private RunningStack() {
    }

    static synchronized Target get() {
        if (target == null) {
            String external = System.getenv("KSEF_SYSTEM_BASE_URL");
            if (external != null && !external.isBlank()) {
                target = new Target(external, System.getenv("KSEF_SYSTEM_NIP"), System.getenv("KSEF_SYSTEM_TOKEN"),
                        null, null, null, null, null, null);
            } else {
                target = start();
            }
        }
        return target;
    }

    private static Target start() {
        try {
            Path dataDir = Files.createTempDirectory("ksef-system-");
            // As root the machine's PostgreSQL runs as user postgres, which must be able to enter the folder.
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            LocalStack stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts()
                    // Recurring documents are looked at every 2 s here instead of every 30 s.
                    .serviceEnvironment("KSEF_RECURRING_SCHEDULER_INTERVAL", "2s")
                    .serviceEnvironment("KSEF_RECURRING_MAIL_INTERVAL", "1s")
                    // Rate limits stay on, at 100x production: the read-your-writes test alone opens 100 sessions
                    // of one context within a minute (production: 30 a minute).
                    .serviceEnvironment("KSEF_RATE_LIMITS_MULTIPLIER", "100")
                    // A service restarted on this machine while others build and test (RollingRestartSystemIT) was
                    // unreachable for up to 50 s: the edge keeps sending what it could not deliver for 90 s here.
                    .edgeRetries(new Retries(Duration.ofSeconds(90), Retries.DEFAULT.maxBufferedBody()))
                    // As for bin/ksef-hub: a machine under load may need longer than 180 s for a service to start.
                    .startupTimeout(Duration.ofSeconds(Long.parseLong(
                            System.getenv().getOrDefault("KSEF_STARTUP_TIMEOUT", "180").trim())))
                    .build());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            Map<Service, Integer> ports = new EnumMap<>(Service.class);
            for (Service service : Service.values()) {
                ports.put(service, stack.servicePort(service));
            }
            return new Target(stack.baseUrl(), stack.demoAccount().nip(), stack.demoAccount().token(),
                    stack.kafkaBootstrapServers(), stack.mailDir(), stack.postgres(), ports, dataDir, stack);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the stack for the system tests", e);
        }
    }
}

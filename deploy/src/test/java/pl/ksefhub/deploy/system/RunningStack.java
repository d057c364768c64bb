package pl.ksefhub.deploy.system;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;
import pl.ksefhub.deploy.postgres.PostgresServer;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One whole ksef-hub (Kafka, PostgreSQL, the four services, the edge) per test JVM, on free ports in a fresh folder,
 * with a real SMTP server (GreenMail) that recurring-service e-mails through; started by the first system test that
 * asks and stopped when the JVM ends. {@code KSEF_SYSTEM_BASE_URL} (with {@code KSEF_SYSTEM_NIP} and
 * {@code KSEF_SYSTEM_TOKEN}) points the HTTP-only system tests at a stack already running instead.
 */
final class RunningStack {

    /**
     * @param kafka, {@code mail}, {@code postgres} and {@code dataDir} are null against an external stack
     * @param dataDir the stack's folder: {@code logs/} holds every process's log, {@code keys/} its private keys
     */
    record Target(String baseUrl, String nip, String token, String kafka, GreenMail mail, PostgresServer postgres,
                  Path dataDir) {
    }

    private static Target target;

    private RunningStack() {
    }

    static synchronized Target get() {
        if (target == null) {
            String external = System.getenv("KSEF_SYSTEM_BASE_URL");
            if (external != null && !external.isBlank()) {
                target = new Target(external, System.getenv("KSEF_SYSTEM_NIP"), System.getenv("KSEF_SYSTEM_TOKEN"),
                        null, null, null, null);
            } else {
                target = start();
            }
        }
        return target;
    }

    private static Target start() {
        try {
            GreenMail mail = new GreenMail(new ServerSetup(freePort(), "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
            mail.start();
            Path dataDir = Files.createTempDirectory("ksef-system-");
            // As root the machine's PostgreSQL runs as user postgres, which must be able to enter the folder.
            Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            LocalStack stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts()
                    .serviceEnvironment("QUARKUS_MAILER_HOST", "127.0.0.1")
                    .serviceEnvironment("QUARKUS_MAILER_PORT", Integer.toString(mail.getSmtp().getPort()))
                    .serviceEnvironment("QUARKUS_MAILER_START_TLS", "DISABLED")
                    // Recurring documents are looked at every 2 s here instead of every 30 s.
                    .serviceEnvironment("KSEF_RECURRING_SCHEDULER_INTERVAL", "2s")
                    .serviceEnvironment("KSEF_RECURRING_MAIL_INTERVAL", "1s")
                    // Rate limits stay on, at 100x production: the read-your-writes test alone opens 100 sessions
                    // of one context within a minute (production: 30 a minute).
                    .serviceEnvironment("KSEF_RATE_LIMITS_MULTIPLIER", "100")
                    .build());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                stack.close();
                mail.stop();
            }));
            return new Target(stack.baseUrl(), stack.demoAccount().nip(), stack.demoAccount().token(),
                    stack.kafkaBootstrapServers(), mail, stack.postgres(), dataDir);
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the stack for the system tests", e);
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}

package pl.ksefhub.deploy.system;

import pl.ksefhub.deploy.LocalStack;
import pl.ksefhub.deploy.StackOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * One whole ksef-hub (Kafka, PostgreSQL, the four services, the edge) per test JVM, on free ports in a fresh folder,
 * started by the first system test that asks and stopped when the JVM ends. {@code KSEF_SYSTEM_BASE_URL} (with
 * {@code KSEF_SYSTEM_NIP} and {@code KSEF_SYSTEM_TOKEN}) points the system tests at a stack already running instead.
 */
final class RunningStack {

    record Target(String baseUrl, String nip, String token) {
    }

    private static Target target;

    private RunningStack() {
    }

    static synchronized Target get() {
        if (target == null) {
            String external = System.getenv("KSEF_SYSTEM_BASE_URL");
            if (external != null && !external.isBlank()) {
                target = new Target(external, System.getenv("KSEF_SYSTEM_NIP"), System.getenv("KSEF_SYSTEM_TOKEN"));
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
            LocalStack stack = LocalStack.start(StackOptions.builder().dataDir(dataDir).freePorts().build());
            Runtime.getRuntime().addShutdownHook(new Thread(stack::close));
            return new Target(stack.baseUrl(), stack.demoAccount().nip(), stack.demoAccount().token());
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the stack for the system tests", e);
        }
    }
}

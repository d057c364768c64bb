package pl.ksefhub.deploy.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;

import org.apache.kafka.common.Uuid;

import pl.ksefhub.deploy.ChildProcesses;
import pl.ksefhub.deploy.Ports;
import pl.ksefhub.deploy.StackException;

/**
 * A real Apache Kafka broker (KRaft, one node that is both broker and controller) running as a child process from
 * the jars that the deploy module copies to {@code target/kafka-libs}. Listens on 127.0.0.1 only. Its log
 * directory is persistent: storage is formatted the first time only, so topics and records survive a restart.
 */
public final class KafkaBroker implements AutoCloseable {

    private static final String HOST = "127.0.0.1";
    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final Process process;
    private final int port;

    /**
     * @param libsDir        the broker's jars ({@code deploy/target/kafka-libs})
     * @param workDir        holds the configuration and, under {@code data/}, the log directory
     * @param logFile        where the broker's output goes
     * @param port           client port
     * @param controllerPort KRaft controller port
     */
    public record Config(Path libsDir, Path workDir, Path logFile, int port, int controllerPort) {
    }

    private KafkaBroker(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts the broker and returns once it accepts connections on its client port. */
    public static KafkaBroker start(Config config, Duration timeout) {
        requireJars(config.libsDir());
        Path dataDir = config.workDir().resolve("data");
        Path properties = config.workDir().resolve("server.properties");
        Path log4j = config.workDir().resolve("log4j2.xml");
        try {
            Files.createDirectories(dataDir);
            Files.writeString(properties, serverProperties(config, dataDir), StandardCharsets.UTF_8);
            try (InputStream template = KafkaBroker.class.getResourceAsStream("broker-log4j2.xml")) {
                Files.write(log4j, template.readAllBytes());
            }
        } catch (IOException e) {
            throw new StackException("Could not write Kafka's configuration to " + config.workDir() + ": " + e, e);
        }
        String classpath = config.libsDir().toAbsolutePath() + "/*";
        if (!Files.exists(dataDir.resolve("meta.properties"))) {
            format(classpath, properties);
        }
        Process process = ChildProcesses.start(List.of(ChildProcesses.java(), "-Xmx512m", "-Xms128m",
                        "-Djava.awt.headless=true", "-Dlog4j2.configurationFile=" + log4j.toAbsolutePath(),
                        "-cp", classpath, "kafka.Kafka", properties.toAbsolutePath().toString()),
                Map.of(), config.workDir(), config.logFile());
        KafkaBroker broker = new KafkaBroker(process, config.port());
        broker.awaitListening(timeout, config.logFile());
        return broker;
    }

    /** {@code 127.0.0.1:port}, for {@code bootstrap.servers}. */
    public String bootstrapServers() {
        return HOST + ":" + port;
    }

    /** The broker's process, e.g. for tests that check nothing is left behind. */
    public ProcessHandle process() {
        return process.toHandle();
    }

    /** Completes with the exit code when the process ends, for whatever reason. */
    public CompletableFuture<Integer> exitCode() {
        return process.onExit().thenApply(Process::exitValue);
    }

    private void awaitListening(Duration timeout, Path logFile) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Ports.isListening(HOST, port)) {
            if (!process.isAlive()) {
                throw new StackException("Kafka exited with code " + process.exitValue() + " while starting"
                        + ChildProcesses.logExcerpt(logFile));
            }
            if (System.nanoTime() > deadline) {
                String excerpt = ChildProcesses.logExcerpt(logFile); // before stopping adds its own lines
                close();
                throw new StackException("Kafka did not listen on " + bootstrapServers() + " within "
                        + timeout.toSeconds() + " s" + excerpt);
            }
            sleep(100);
        }
    }

    private static void requireJars(Path libsDir) {
        boolean present;
        try (Stream<Path> jars = Files.isDirectory(libsDir) ? Files.list(libsDir) : Stream.empty()) {
            present = jars.anyMatch(jar -> jar.getFileName().toString().startsWith("kafka_2.13-"));
        } catch (IOException e) {
            present = false;
        }
        if (!present) {
            throw new StackException("Kafka's jars are not in " + libsDir + ": build first "
                    + "(bin/ksef-hub does, or: mvn -B -f deploy/pom.xml process-resources)");
        }
    }

    /** Formats the log directory for KRaft with a new cluster id (kafka-storage.sh format). */
    private static void format(String classpath, Path properties) {
        ChildProcesses.Result result = ChildProcesses.run(List.of(ChildProcesses.java(), "-Xmx256m",
                        "-Dlog4j2.configurationFile=" + properties.resolveSibling("log4j2.xml").toAbsolutePath(),
                        "-cp", classpath, "kafka.tools.StorageTool", "format",
                        "-t", Uuid.randomUuid().toString(), "-c", properties.toAbsolutePath().toString()),
                Map.of(), Duration.ofSeconds(120));
        if (!result.ok()) {
            throw new StackException("Formatting Kafka's storage failed (exit " + result.exitCode() + "):\n"
                    + result.output());
        }
    }

    private static String serverProperties(Config config, Path dataDir) {
        return String.join("\n",
                "# Written by the ksef-hub local stack on every start; edits are overwritten.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + HOST + ":" + config.controllerPort(),
                "listeners=PLAINTEXT://" + HOST + ":" + config.port() + ",CONTROLLER://" + HOST + ":"
                        + config.controllerPort(),
                "advertised.listeners=PLAINTEXT://" + HOST + ":" + config.port(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT",
                "log.dirs=" + dataDir.toAbsolutePath(),
                // Topics are created by the stack with 3 partitions, never by a producer's or consumer's mistake.
                "auto.create.topics.enable=false",
                "num.partitions=3",
                "default.replication.factor=1",
                "min.insync.replicas=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "share.coordinator.state.topic.replication.factor=1",
                "share.coordinator.state.topic.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.retention.hours=168",
                "");
    }

    /**
     * {@code kill -9}: no controlled shutdown, as in a crash; returns once the process has ended. {@link #start}
     * with the same configuration starts it again on the same port and log directory (recovering its logs).
     */
    public void kill() {
        ChildProcesses.stop(process, Duration.ZERO);
    }

    /** Stops the broker (controlled shutdown on SIGTERM), killing it if it takes longer than 30 s. */
    @Override
    public void close() {
        ChildProcesses.stop(process, STOP_GRACE);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StackException("Interrupted while waiting for Kafka");
        }
    }
}

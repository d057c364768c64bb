package pl.ksefhub.deploy;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** Free ports for the stacks of tests: never the same one twice in a JVM. */
class PortsTest {

    @Test
    void freePortsAreDistinctAndNotTaken() {
        // As many as about ninety stacks take. Without the memory of what was handed out, the system offered 59 to
        // 80 ports twice among a thousand in three runs here (and once Kafka's port among a stack's eleven).
        int count = 1_000;
        Set<Integer> ports = new HashSet<>();
        for (int i = 0; i < count; i++) {
            int port = Ports.free();
            assertFalse(Ports.isTaken("127.0.0.1", port), "port " + port + " is taken");
            ports.add(port);
        }
        assertEquals(count, ports.size());
    }
}

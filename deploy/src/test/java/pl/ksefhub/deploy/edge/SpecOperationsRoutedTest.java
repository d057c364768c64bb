package pl.ksefhub.deploy.edge;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.error.SpecOperations;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every operation of the official spec reaches the service that owns it (which serves it, or answers 501 naming
 * it): none gets the edge's 404, under {@code /v2} or {@code /api/v2}.
 */
class SpecOperationsRoutedTest {

    @Test
    void everyOperationOfTheSpecIsRoutedToAService() {
        List<SpecOperations.Operation> operations = SpecOperations.all();
        assertTrue(operations.size() >= 78, "operations read: " + operations.size());
        for (SpecOperations.Operation operation : operations) {
            String path = operation.path().replaceAll("\\{[^/}]+}", "20261203-SO-0000000000-0000000000-00");
            assertTrue(EdgeRoutes.resolve(operation.method(), path).isPresent(), operation.describe());
            EdgeRoutes.Target alias = EdgeRoutes.resolve(operation.method(), "/api" + path).orElseThrow();
            assertEquals(path, alias.path());
            assertEquals("/api", alias.forwardedPrefix());
            assertEquals(null, EdgeRoutes.resolve(operation.method(), path).orElseThrow().forwardedPrefix());
        }
    }
}

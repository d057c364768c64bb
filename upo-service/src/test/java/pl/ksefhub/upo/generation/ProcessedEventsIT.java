package pl.ksefhub.upo.generation;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.events.ProcessedEvents;
import pl.ksefhub.testsupport.KsefTestResource;

import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The processed-event log of batch consumers, on the real database: what a batch sees for the first time. */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class ProcessedEventsIT {

    @Inject
    ProcessedEvents processed;

    @Test
    void aBatchMixingSeenAndNewEventsReportsOnlyTheNewOnes() throws Throwable {
        String consumer = "test-" + UUID.randomUUID();
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String c = UUID.randomUUID().toString();

        assertEquals(Set.of(a, b), firstTimes(consumer, List.of(a, b)));
        // A redelivery mixed with new events (and a repeat within the batch): only the new one.
        assertEquals(Set.of(c), firstTimes(consumer, List.of(b, c, c, a)));
        assertEquals(Set.of(), firstTimes(consumer, List.of(a, b, c)));
        // Each consumer keeps its own log.
        assertEquals(Set.of(a), firstTimes("other-" + consumer, List.of(a)));
        assertEquals(Set.of(), firstTimes(consumer, List.of()));
    }

    @Test
    void aBatchThatRollsBackRecordsNothing() throws Throwable {
        String consumer = "test-" + UUID.randomUUID();
        String a = UUID.randomUUID().toString();
        try {
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> processed
                    .firstTimes(consumer, List.of(a))
                    .invoke(fresh -> {
                        throw new IllegalStateException("the effect failed");
                    })));
        } catch (IllegalStateException expected) {
            // the effect and the record of it go together
        }
        assertEquals(Set.of(a), firstTimes(consumer, List.of(a)));
    }

    private Set<String> firstTimes(String consumer, List<String> ids) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> processed.firstTimes(consumer, ids)));
    }
}

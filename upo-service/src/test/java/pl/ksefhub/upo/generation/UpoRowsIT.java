package pl.ksefhub.upo.generation;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.events.ProcessedEvents;
import pl.ksefhub.testsupport.KsefTestResource;
import pl.ksefhub.upo.document.UpoDocument;
import pl.ksefhub.upo.document.UpoDocuments;
import pl.ksefhub.upo.flow.TestEvents;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The batch's UPO rows are plain statements on the consumer's transaction: they commit with its processed-event
 * marks and outbox rows, and a transaction that fails after writing them leaves none of them behind.
 */
@QuarkusTest
@QuarkusTestResource(value = KsefTestResource.class, initArgs = @ResourceArg(name = "database", value = "ksef_upo"))
class UpoRowsIT {

    @Inject
    InvoiceEventsConsumer consumer;
    @Inject
    ProcessedEvents processed;
    @Inject
    UpoDocuments documents;
    @Inject
    AcceptedInvoices invoices;
    @Inject
    ObjectMapper json;

    @Test
    void aCommittedBatchHasEveryInvoiceAndItsUpoAsSigned() throws Throwable {
        List<InvoiceEventsConsumer.Step> batch = preparedBatch(3);

        VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() -> consumer.applyAll(batch)));

        for (InvoiceEventsConsumer.Step step : batch) {
            InvoiceAccepted event = step.accepted();
            UpoDocument upo = upoOf(event);
            assertNotNull(upo, "UPO of " + event.invoiceReferenceNumber());
            assertArrayEquals(step.prepared().upo().content(), upo.content);
            assertEquals(step.prepared().upo().sha256Base64(), upo.contentSha256);
            assertEquals(event.ksefNumber(), upo.ksefNumber);
            AcceptedInvoice invoice = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> invoices.findById(event.invoiceReferenceNumber())));
            assertEquals(event.ordinalNumber(), invoice.ordinalNumber);
            assertEquals(event.issueDate(), invoice.issueDate);
            assertEquals(event.invoicingDate().toInstant(), invoice.invoicingDate.toInstant());
            assertEquals(event.acquisitionDate().toInstant(), invoice.acquisitionDate.toInstant());
            assertNull(invoice.authDocumentHash);
            assertEquals(event.correlationId(), invoice.correlationId);
        }
    }

    @Test
    void aBatchWhoseTransactionFailsLeavesNoUpoRow() throws Throwable {
        String consumerName = "test-" + UUID.randomUUID();
        String eventId = UUID.randomUUID().toString();
        List<InvoiceEventsConsumer.Step> batch = preparedBatch(3);

        // As EventConsumer does it: the marks, the batch's rows and events, then a failure before the commit.
        assertThrows(IllegalStateException.class, () -> VertxContextSupport.subscribeAndAwait(
                () -> Panache.withTransaction(() -> processed.firstTimes(consumerName, List.of(eventId))
                        .chain(() -> consumer.applyAll(batch))
                        .chain(() -> Uni.createFrom().failure(new IllegalStateException("the commit never came"))))));

        for (InvoiceEventsConsumer.Step step : batch) {
            InvoiceAccepted event = step.accepted();
            assertNull(upoOf(event), "UPO of " + event.invoiceReferenceNumber());
            assertNull(VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                    () -> invoices.findById(event.invoiceReferenceNumber()))));
        }
        // The mark went with them: the event is new again.
        assertEquals(1, VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(
                () -> processed.firstTimes(consumerName, List.of(eventId)))).size());
    }

    private UpoDocument upoOf(InvoiceAccepted event) throws Throwable {
        return VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(
                () -> documents.invoiceUpo(event.referenceNumber(), event.invoiceReferenceNumber())));
    }

    /** Accepted invoices of one fresh session, signed (as {@link InvoiceEventsConsumer#prepare} does). */
    private List<InvoiceEventsConsumer.Step> preparedBatch(int size) throws Throwable {
        String session = TestEvents.sessionRef();
        String nip = TestEvents.nip();
        List<InvoiceEventsConsumer.Step> steps = new ArrayList<>();
        for (int ordinal = 1; ordinal <= size; ordinal++) {
            InvoiceAccepted event = json.convertValue(TestEvents.invoiceAccepted(session, TestEvents.invoiceRef(),
                    ordinal, TestEvents.ksefNumber(nip), nip, ordinal == 1 ? "corr-" + UUID.randomUUID() : null),
                    InvoiceAccepted.class);
            InvoiceEventsConsumer.Step read = new InvoiceEventsConsumer.Step(UpoGeneration.checked(event), null,
                    null, null);
            steps.add(VertxContextSupport.subscribeAndAwait(() -> consumer.prepare(read)));
        }
        return steps;
    }
}

package pl.ksefhub.upo.generation;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures dead-letter a record and which retry its batch. */
class InvoiceEventsConsumerTest {

    @Test
    void badDataAndRefusedConstraintsAreTheRecordsFault() {
        assertTrue(InvoiceEventsConsumer.isTheRecordsFault(new MalformedEventException("no ksefNumber")));
        assertTrue(InvoiceEventsConsumer.isTheRecordsFault(
                new UpoGeneration.InconsistentEventException("settled, none known")));
        assertTrue(InvoiceEventsConsumer.isTheRecordsFault(new CompletionException(
                new PgException("duplicate key", "ERROR", "23505", "ksef_number"))));
    }

    @Test
    void aBugTriggeredByARecordDoesNotStallThePartition() {
        assertTrue(InvoiceEventsConsumer.isTheRecordsFault(new NullPointerException()));
    }

    @Test
    void anUnreachableOrRestartingDatabaseOrBrokerIsRetried() {
        assertFalse(InvoiceEventsConsumer.isTheRecordsFault(new CompletionException(
                new ConnectException("Connection refused"))));
        assertFalse(InvoiceEventsConsumer.isTheRecordsFault(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertFalse(InvoiceEventsConsumer.isTheRecordsFault(
                new PgException("deadlock detected", "ERROR", "40P01", null)));
        assertFalse(InvoiceEventsConsumer.isTheRecordsFault(new RuntimeException("wrapped",
                new org.apache.kafka.common.errors.TimeoutException("no ack"))));
    }
}

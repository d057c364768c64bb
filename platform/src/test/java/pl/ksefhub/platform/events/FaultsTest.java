package pl.ksefhub.platform.events;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which failures dead-letter a record and which make it wait. */
class FaultsTest {

    @Test
    void badDataAndRefusedDataAreTheRecordsFault() {
        assertTrue(Faults.isTheRecords(new MalformedEventException("no ksefNumber")));
        assertTrue(Faults.isTheRecords(new CompletionException(new MalformedEventException("unknown session"))));
        assertTrue(Faults.isTheRecords(new CompletionException(
                new PgException("duplicate key", "ERROR", "23505", "ksef_number"))));
        assertTrue(Faults.isTheRecords(new PgException("value too long", "ERROR", "22001", null)));
        assertTrue(Faults.isTheRecords(new CompletionException(new org.hibernate.exception.ConstraintViolationException(
                "duplicate key value violates unique constraint (23505)",
                new java.sql.SQLException("duplicate key", "23505"), "upo_invoice_ksef_number_key"))));
    }

    @Test
    void anUnreachableOrRestartingDatabaseOrBrokerIsWaitedOut() {
        assertTrue(Faults.isTransient(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(Faults.isTransient(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(Faults.isTransient(new PgException("deadlock detected", "ERROR", "40P01", null)));
        assertTrue(Faults.isTransient(new PgException("database does not allow connections", "FATAL", "55000",
                null)));
        assertTrue(Faults.isTransient(new RuntimeException("wrapped",
                new org.apache.kafka.common.errors.TimeoutException("no ack"))));
    }

    @Test
    void anUndeclaredFailureIsNeverBlamedOnAValidRecord() {
        assertFalse(Faults.isTheRecords(new IllegalStateException("Session is closed")));
        assertFalse(Faults.isTheRecords(new NullPointerException()));
    }
}

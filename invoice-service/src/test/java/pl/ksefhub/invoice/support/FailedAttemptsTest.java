package pl.ksefhub.invoice.support;

import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;

import java.net.ConnectException;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Work is given up after repeated failures of its own, never because the database restarted meanwhile. */
class FailedAttemptsTest {

    private static final Throwable BUG = new IllegalStateException("cannot read the invoice");
    private static final Throwable RESTART =
            new PgException("terminating connection due to administrator command", "FATAL", "57P01", null);
    private static final Throwable REFUSED = new CompletionException(new ConnectException("Connection refused"));

    @Test
    void workIsGivenUpAtTheThirdFailureOfItsOwn() {
        FailedAttempts<Long> attempts = new FailedAttempts<>(3);
        assertEquals(0, attempts.failed(7L, BUG));
        assertEquals(0, attempts.failed(7L, BUG));
        assertEquals(3, attempts.failed(7L, BUG));
    }

    @Test
    void aDatabaseAwayCountsAgainstNothingHoweverLongItLasts() {
        FailedAttempts<Long> attempts = new FailedAttempts<>(3);
        for (int i = 0; i < 100; i++) {
            assertEquals(0, attempts.failed(7L, i % 2 == 0 ? RESTART : REFUSED));
        }
        assertEquals(0, attempts.failed(7L, BUG));
        assertEquals(0, attempts.failed(7L, BUG));
        assertEquals(3, attempts.failed(7L, BUG));
    }

    @Test
    void successStartsTheCountAfresh() {
        FailedAttempts<String> attempts = new FailedAttempts<>(2);
        assertEquals(0, attempts.failed("pkg", BUG));
        attempts.forget("pkg");
        assertEquals(0, attempts.failed("pkg", BUG));
        assertEquals(2, attempts.failed("pkg", BUG));
    }
}

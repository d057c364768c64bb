package pl.ksefhub.platform.error;

import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.ConnectException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A database away for a while is told apart from everything else, and answered 503 with Retry-After. */
class DatabaseUnavailableTest {

    @Test
    void lostRefusedAndShuttingDownConnectionsAreTheDatabaseBeingAway() {
        assertTrue(DatabaseUnavailable.isCause(new CompletionException(new ConnectException("Connection refused"))));
        assertTrue(DatabaseUnavailable.isCause(new RuntimeException(ClosedConnectionException.INSTANCE)));
        assertTrue(DatabaseUnavailable.isCause(
                new PgException("terminating connection due to administrator command", "FATAL", "57P01", null)));
        assertTrue(DatabaseUnavailable.isCause(
                new PgException("the database system is starting up", "FATAL", "57P03", null)));
        assertTrue(DatabaseUnavailable.isCause(
                new PgException("connection failure", "FATAL", "08006", null)));
    }

    @Test
    void refusedDataBugsAndConflictsAreNot() {
        assertFalse(DatabaseUnavailable.isCause(new PgException("duplicate key", "ERROR", "23505", "ksef_number")));
        assertFalse(DatabaseUnavailable.isCause(new PgException("deadlock detected", "ERROR", "40P01", null)));
        assertFalse(DatabaseUnavailable.isCause(new IllegalStateException("Session is closed")));
        assertFalse(DatabaseUnavailable.isCause(new NullPointerException()));
    }

    @Test
    void aRequestThatMetTheDatabaseAwayIsAnswered503WithRetryAfter() {
        KsefExceptionMappers mappers = new KsefExceptionMappers("invoice-service", null);
        Response response = mappers.unexpected(new CompletionException(new ConnectException("Connection refused")),
                headers(null), uri("/v2/sessions/online/x/invoices"));
        assertEquals(503, response.getStatus());
        assertEquals("2", response.getHeaderString("Retry-After"));
        Map<?, ?> exception = (Map<?, ?>) ((Map<?, ?>) response.getEntity()).get("exception");
        Map<?, ?> detail = (Map<?, ?>) ((List<?>) exception.get("exceptionDetailList")).get(0);
        assertEquals(503, detail.get("exceptionCode"));
        assertEquals("Usługa chwilowo niedostępna.", detail.get("exceptionDescription"));
    }

    @Test
    void anUnexpectedFailureStays500WithoutRetryAfter() {
        KsefExceptionMappers mappers = new KsefExceptionMappers("invoice-service", null);
        Response response = mappers.unexpected(new IllegalStateException("bug"), headers(null), uri("/v2/x"));
        assertEquals(500, response.getStatus());
        assertEquals(null, response.getHeaderString("Retry-After"));
    }

    private static HttpHeaders headers(String errorFormat) {
        return (HttpHeaders) Proxy.newProxyInstance(HttpHeaders.class.getClassLoader(),
                new Class<?>[] {HttpHeaders.class}, (proxy, method, args) ->
                        method.getName().equals("getHeaderString") && ErrorBodies.ERROR_FORMAT_HEADER.equals(args[0])
                                ? errorFormat : null);
    }

    private static UriInfo uri(String path) {
        return (UriInfo) Proxy.newProxyInstance(UriInfo.class.getClassLoader(), new Class<?>[] {UriInfo.class},
                (proxy, method, args) -> method.getName().equals("getPath") ? path : null);
    }
}

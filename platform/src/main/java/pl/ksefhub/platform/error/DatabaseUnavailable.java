package pl.ksefhub.platform.error;

import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.ClosedConnectionException;

import java.net.ConnectException;
import java.net.SocketException;
import java.nio.channels.ClosedChannelException;
import java.util.Set;

/**
 * Whether a failure means "the database is away for now" (restarting, shutting down, not accepting connections,
 * unreachable) rather than anything about the request: the reactive PostgreSQL client's connection errors and the
 * server's own refusals while it stops or starts. Such a failure is answered 503 with {@code Retry-After}
 * ({@link KsefExceptionMappers}) and never counts against the work that met it (an invoice, a package).
 */
public final class DatabaseUnavailable {

    /** Seconds a client is asked to wait: a PostgreSQL restart takes about as long. */
    public static final int RETRY_AFTER_SECONDS = 2;

    /**
     * SQLSTATEs of a server going away or not there yet: 57P01 admin_shutdown ("terminating connection due to
     * administrator command"), 57P02 crash_shutdown, 57P03 cannot_connect_now ("the database system is starting
     * up"), 53300 too_many_connections; class 08 (connection exception) is taken whole.
     */
    private static final Set<String> SERVER_AWAY = Set.of("57P01", "57P02", "57P03", "53300");

    private DatabaseUnavailable() {
    }

    /** True when {@code failure} or one of its causes is a lost or refused database connection. */
    public static boolean isCause(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (isConnectionLoss(e)) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    private static boolean isConnectionLoss(Throwable e) {
        if (e instanceof PgException pg) {
            String state = pg.getSqlState();
            return state != null && (state.startsWith("08") || SERVER_AWAY.contains(state));
        }
        // Connection refused (netty's AnnotatedConnectException is one), the connection reset by a server killed
        // under a query (SocketException "Connection reset", as a kill -9 of PostgreSQL leaves it: found by the
        // chaos run, answered 500 before), the connection closed under a query, the pool's wait for a connection
        // timing out while none can be made.
        return e instanceof ConnectException || e instanceof SocketException || e instanceof ClosedConnectionException
                || e instanceof ClosedChannelException || e instanceof NoStackTraceTimeoutException
                || e instanceof io.vertx.core.VertxException && "Connection is closed".equals(e.getMessage());
    }

    /** The 503 refusal a request gets meanwhile, in KSeF's error body. */
    public static ServiceUnavailableException refusal() {
        return new ServiceUnavailableException(RETRY_AFTER_SECONDS, "Usługa chwilowo niedostępna.",
                "Baza danych jest chwilowo niedostępna. Spróbuj ponownie po " + RETRY_AFTER_SECONDS + " sekundach.");
    }
}

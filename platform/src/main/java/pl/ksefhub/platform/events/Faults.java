package pl.ksefhub.platform.events;

import io.vertx.pgclient.PgException;
import org.hibernate.JDBCException;
import org.hibernate.exception.ConstraintViolationException;
import org.hibernate.exception.DataException;

/**
 * The one rule of every consumer: whose fault a failure is. Only a fault of the record itself goes to the
 * dead-letter topic; anything else (database or broker away, busy or restarting, a timeout, a lost race) is retried
 * for as long as it lasts, so that no valid record is ever dead-lettered.
 *
 * <p>A failure nobody declared (a bug, an exception type not seen before) counts as transient: it holds its partition
 * and says so in the log at every try, rather than move a record that may well be valid out of the way for good.
 * Consumers check what they need in {@link EventHandler#read}, where any failure is the record's.
 */
public final class Faults {

    private Faults() {
    }

    /**
     * The record's fault: the consumer said so ({@link EventEnvelope.MalformedEventException}: unreadable, invalid,
     * an unknown aggregate after the read-your-writes wait), or PostgreSQL refused its data (SQLSTATE class 22, data
     * exception such as a value too long; class 23, integrity constraint violation). Trying again cannot help.
     */
    public static boolean isTheRecords(Throwable failure) {
        for (Throwable e = failure; e != null; e = e.getCause()) {
            if (e instanceof EventEnvelope.MalformedEventException) {
                return true;
            }
            if (e instanceof PgException pg && refusedData(pg.getSqlState())) {
                return true;
            }
            // Hibernate reports a refused statement as its own exception, not always with PgException as cause.
            if (e instanceof ConstraintViolationException || e instanceof DataException
                    || e instanceof JDBCException jdbc && refusedData(jdbc.getSQLState())) {
                return true;
            }
            if (e.getCause() == e) {
                break;
            }
        }
        return false;
    }

    private static boolean refusedData(String sqlState) {
        return sqlState != null && (sqlState.startsWith("22") || sqlState.startsWith("23"));
    }

    public static boolean isTransient(Throwable failure) {
        return !isTheRecords(failure);
    }
}

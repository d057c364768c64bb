package pl.ksefhub.platform.sql;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.List;

/**
 * One {@code INSERT} statement for any number of rows of one table, on the caller's Hibernate Reactive session:
 * what a consumer of batches writes per batch instead of one entity persist (and one row statement) per event.
 *
 * <p>Each column goes as one array parameter ({@link RowColumns}) and the rows are {@code unnest()}ed in SQL, so
 * the statement's text is the same for a batch of 1 and of 500: Hibernate binds one parameter per column (not one
 * per value, as a {@code VALUES} list would) and reuses one plan, PostgreSQL one prepared statement.
 *
 * <p>The rows are inserted in list order ({@code with ordinality ... order by}), so serial ids follow the list:
 * the outbox's relay publishes in id order.
 *
 * <p>The statement runs on the session it is given, and so on that session's connection and inside its
 * transaction: it commits or rolls back with everything else the transaction does. Take the session the
 * transaction was opened with (the one {@code Panache.withTransaction} made current), never one a
 * {@code @WithSession} repository resolves for itself.
 *
 * @param <T> what one row is made of
 */
public final class MultiRowInsert<T> {

    private final List<RowColumns.Column<T>> columns;
    private final String sql;

    private MultiRowInsert(String table, List<RowColumns.Column<T>> columns) {
        this.columns = List.copyOf(columns);
        StringBuilder names = new StringBuilder();
        StringBuilder casts = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            RowColumns.Column<T> column = columns.get(i);
            String separator = i == 0 ? "" : ", ";
            names.append(separator).append(column.name());
            casts.append(separator).append(column.fromText("c" + i));
            arrays.append(separator).append("cast(:c").append(i).append(" as text[])");
            aliases.append(separator).append('c').append(i);
        }
        this.sql = "insert into " + table + " (" + names + ") select " + casts + " from unnest(" + arrays
                + ") with ordinality as given (" + aliases + ", ordinal) order by ordinal";
    }

    /** Starts the description of {@code table}'s insert; list the columns, then {@link Builder#build()}. */
    public static <T> Builder<T> into(String table) {
        return new Builder<>(table);
    }

    /** The statement, for tests and logs. */
    public String sql() {
        return sql;
    }

    /**
     * Inserts these rows with one statement on {@code session} (nothing for none).
     *
     * @return how many rows were inserted
     */
    public Uni<Integer> insert(Mutiny.Session session, List<T> rows) {
        return RowColumns.execute(session, sql, columns, rows);
    }

    /** The columns of one insert, in order. */
    public static final class Builder<T> extends RowColumns<T, Builder<T>> {

        private final String table;

        private Builder(String table) {
            this.table = table;
        }

        @Override
        Builder<T> self() {
            return this;
        }

        public MultiRowInsert<T> build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException("an insert into " + table + " without columns");
            }
            return new MultiRowInsert<>(table, columns);
        }
    }
}

package pl.ksefhub.platform.sql;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One {@code UPDATE} statement that sets the listed columns of any number of rows of one table, each row to its own
 * values, on the caller's Hibernate Reactive session: what a batch writes instead of letting Hibernate dirty-check
 * every managed entity at each flush and send one update per entity.
 *
 * <p>The key and each column go as one {@code text[]} parameter ({@link RowColumns}), {@code unnest()}ed into a
 * derived table joined to the target by the key, so the statement's text is the same for any number of rows. A key
 * given twice would update its row twice in one statement, which PostgreSQL does only once and arbitrarily: the
 * caller gives each key once.
 *
 * <p>The entities the values come from must not also be managed as writable by the session (load them with
 * {@code setReadOnly(true)}), or Hibernate writes them a second time at the next flush. Like {@link MultiRowInsert},
 * the statement runs on the session (and so inside the transaction) it is given.
 *
 * @param <T> what one row is made of
 */
public final class MultiRowUpdate<T> {

    private final List<RowColumns.Column<T>> columns;
    private final String sql;

    private MultiRowUpdate(String table, RowColumns.Column<T> key, List<RowColumns.Column<T>> set) {
        List<RowColumns.Column<T>> all = new ArrayList<>();
        all.add(key);
        all.addAll(set);
        this.columns = List.copyOf(all);
        StringBuilder assignments = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < all.size(); i++) {
            String separator = i == 0 ? "" : ", ";
            arrays.append(separator).append("cast(:c").append(i).append(" as text[])");
            aliases.append(separator).append('c').append(i);
            if (i > 0) {
                RowColumns.Column<T> column = all.get(i);
                assignments.append(i == 1 ? "" : ", ").append(column.name()).append(" = ")
                        .append(column.fromText("given.c" + i));
            }
        }
        this.sql = "update " + table + " as target set " + assignments + " from unnest(" + arrays + ") as given ("
                + aliases + ") where target." + key.name() + " = " + key.fromText("given.c0");
    }

    /**
     * Starts the description of an update of {@code table}'s rows found by their bigint {@code keyColumn}; list the
     * columns to set, then {@link Builder#build()}.
     */
    public static <T> Builder<T> of(String table, String keyColumn, Function<T, Long> key) {
        return new Builder<>(table, new RowColumns.Column<>(Objects.requireNonNull(keyColumn), "bigint",
                key.andThen(value -> value == null ? null : value.toString())));
    }

    /** The statement, for tests and logs. */
    public String sql() {
        return sql;
    }

    /**
     * Updates these rows with one statement on {@code session} (nothing for none).
     *
     * @return how many rows were updated: fewer than given when some key matches no row
     */
    public Uni<Integer> update(Mutiny.Session session, List<T> rows) {
        return RowColumns.execute(session, sql, columns, rows);
    }

    /** The columns one update sets, in order. */
    public static final class Builder<T> extends RowColumns<T, Builder<T>> {

        private final String table;
        private final RowColumns.Column<T> key;

        private Builder(String table, RowColumns.Column<T> key) {
            this.table = table;
            this.key = key;
        }

        @Override
        Builder<T> self() {
            return this;
        }

        public MultiRowUpdate<T> build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException("an update of " + table + " that sets no column");
            }
            return new MultiRowUpdate<>(table, key, columns);
        }
    }
}

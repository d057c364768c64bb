package pl.ksefhub.platform.sql;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * One {@code INSERT} statement for any number of rows of one table, on the caller's Hibernate Reactive session:
 * what a consumer of batches writes per batch instead of one entity persist (and one row statement) per event.
 *
 * <p>Each column goes as one array parameter and the rows are {@code unnest()}ed in SQL, so the statement's text
 * is the same for a batch of 1 and of 500: Hibernate binds one parameter per column (not one per value, as a
 * {@code VALUES} list would) and reuses one plan, PostgreSQL one prepared statement. Every value goes as text and
 * is cast to its column's type in SQL: the driver binds {@code text[]} the way {@code ProcessedEvents} already does,
 * with no array type per Java type to trust.
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

    /** A column: its name, the SQL type its text is cast to, and how a row's value is turned into that text. */
    private record Column<T>(String name, String castTo, Function<T, String> text) {
    }

    private final List<Column<T>> columns;
    private final String sql;

    private MultiRowInsert(String table, List<Column<T>> columns) {
        this.columns = List.copyOf(columns);
        StringBuilder names = new StringBuilder();
        StringBuilder casts = new StringBuilder();
        StringBuilder arrays = new StringBuilder();
        StringBuilder aliases = new StringBuilder();
        for (int i = 0; i < columns.size(); i++) {
            Column<T> column = columns.get(i);
            String separator = i == 0 ? "" : ", ";
            names.append(separator).append(column.name());
            casts.append(separator).append(column.castTo().equals("bytea") ? "decode(c" + i + ", 'base64')"
                    : column.castTo().equals("text") ? "c" + i : "cast(c" + i + " as " + column.castTo() + ")");
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
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Mutiny.Query<Object> query;
        try {
            query = session.createNativeQuery(sql);
            for (int i = 0; i < columns.size(); i++) {
                Function<T, String> text = columns.get(i).text();
                String[] values = new String[rows.size()];
                for (int r = 0; r < values.length; r++) {
                    values[r] = text.apply(rows.get(r));
                }
                query.setParameter("c" + i, values);
            }
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return query.executeUpdate();
    }

    /** The columns of one insert, in order. */
    public static final class Builder<T> {

        private final String table;
        private final List<Column<T>> columns = new ArrayList<>();

        private Builder(String table) {
            this.table = table;
        }

        /** A text or varchar column. */
        public Builder<T> text(String name, Function<T, String> value) {
            return column(name, "text", value);
        }

        /** An integer column. */
        public Builder<T> integer(String name, Function<T, ? extends Number> value) {
            return column(name, "integer", value.andThen(MultiRowInsert::text));
        }

        /** A bigint column. */
        public Builder<T> bigint(String name, Function<T, ? extends Number> value) {
            return column(name, "bigint", value.andThen(MultiRowInsert::text));
        }

        /** A boolean column. */
        public Builder<T> bool(String name, Function<T, Boolean> value) {
            return column(name, "boolean", value.andThen(MultiRowInsert::text));
        }

        /** A date column ({@code LocalDate}: ISO text). */
        public Builder<T> date(String name, Function<T, ?> value) {
            return column(name, "date", value.andThen(MultiRowInsert::text));
        }

        /** A timestamptz column ({@code OffsetDateTime} or {@code Instant}: ISO text with its offset). */
        public Builder<T> timestamptz(String name, Function<T, ?> value) {
            return column(name, "timestamptz", value.andThen(MultiRowInsert::text));
        }

        /** A bytea column: the bytes go as base64 text, decoded by PostgreSQL. */
        public Builder<T> bytea(String name, Function<T, byte[]> value) {
            return column(name, "bytea", value.andThen(bytes -> bytes == null ? null
                    : Base64.getEncoder().encodeToString(bytes)));
        }

        public MultiRowInsert<T> build() {
            if (columns.isEmpty()) {
                throw new IllegalStateException("an insert into " + table + " without columns");
            }
            return new MultiRowInsert<>(table, columns);
        }

        private Builder<T> column(String name, String castTo, Function<T, String> text) {
            columns.add(new Column<>(Objects.requireNonNull(name), castTo, text));
            return this;
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}

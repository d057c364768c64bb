package pl.ksefhub.platform.sql;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The typed columns of a statement that writes many rows at once ({@link MultiRowInsert}, {@link MultiRowUpdate}):
 * each column goes as one {@code text[]} parameter, one element per row, cast to the column's type in SQL. The
 * driver binds {@code text[]} the way {@code ProcessedEvents} already does, with no array type per Java type to
 * trust, and the statement's text is the same for any number of rows.
 *
 * @param <T> what one row is made of
 * @param <B> the builder itself, so that every column method returns the concrete builder
 */
public abstract class RowColumns<T, B extends RowColumns<T, B>> {

    /** A column: its name, the SQL type its text is cast to, and how a row's value is turned into that text. */
    record Column<T>(String name, String castTo, Function<T, String> text) {

        /** The SQL that turns {@code alias} (a text element of this column's array) into the column's value. */
        String fromText(String alias) {
            return castTo.equals("bytea") ? "decode(" + alias + ", 'base64')"
                    : castTo.equals("text") ? alias : "cast(" + alias + " as " + castTo + ")";
        }
    }

    final List<Column<T>> columns = new ArrayList<>();

    RowColumns() {
    }

    abstract B self();

    /** A text or varchar column. */
    public B text(String name, Function<T, String> value) {
        return column(name, "text", value);
    }

    /** An integer column. */
    public B integer(String name, Function<T, ? extends Number> value) {
        return column(name, "integer", value.andThen(RowColumns::text));
    }

    /** A bigint column. */
    public B bigint(String name, Function<T, ? extends Number> value) {
        return column(name, "bigint", value.andThen(RowColumns::text));
    }

    /** A numeric column ({@code BigDecimal}: its plain text, no exponent, so no digit is lost). */
    public B numeric(String name, Function<T, java.math.BigDecimal> value) {
        return column(name, "numeric", value.andThen(number -> number == null ? null : number.toPlainString()));
    }

    /** A boolean column. */
    public B bool(String name, Function<T, Boolean> value) {
        return column(name, "boolean", value.andThen(RowColumns::text));
    }

    /** A date column ({@code LocalDate}: ISO text). */
    public B date(String name, Function<T, ?> value) {
        return column(name, "date", value.andThen(RowColumns::text));
    }

    /** A timestamptz column ({@code OffsetDateTime} or {@code Instant}: ISO text with its offset). */
    public B timestamptz(String name, Function<T, ?> value) {
        return column(name, "timestamptz", value.andThen(RowColumns::text));
    }

    /** A bytea column: the bytes go as base64 text, decoded by PostgreSQL. */
    public B bytea(String name, Function<T, byte[]> value) {
        return column(name, "bytea", value.andThen(bytes -> bytes == null ? null
                : Base64.getEncoder().encodeToString(bytes)));
    }

    B column(String name, String castTo, Function<T, String> text) {
        columns.add(new Column<>(Objects.requireNonNull(name), castTo, text));
        return self();
    }

    /**
     * Runs {@code sql} on {@code session} with these rows bound (nothing for none).
     *
     * @return how many rows it wrote
     */
    static <T> Uni<Integer> execute(Mutiny.Session session, String sql, List<Column<T>> columns, List<T> rows) {
        if (rows.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Mutiny.Query<Object> query;
        try {
            query = session.createNativeQuery(sql);
            bind(query, columns, rows);
        } catch (RuntimeException e) {
            return Uni.createFrom().failure(e);
        }
        return query.executeUpdate();
    }

    /** Binds column {@code i} of {@code columns} as parameter {@code :c<i>}: one text element per row. */
    private static <T> void bind(Mutiny.AbstractQuery query, List<Column<T>> columns, List<T> rows) {
        for (int i = 0; i < columns.size(); i++) {
            Function<T, String> text = columns.get(i).text();
            String[] values = new String[rows.size()];
            for (int r = 0; r < values.length; r++) {
                values[r] = text.apply(rows.get(r));
            }
            query.setParameter("c" + i, values);
        }
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}

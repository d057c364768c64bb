package pl.ksefhub.session.status;

import java.util.List;

/**
 * How a status's {@code details} list is kept in one text column (sessions and authentication operations alike):
 * lines joined by a newline, null when there are none.
 */
public final class StatusDetails {

    private StatusDetails() {
    }

    public static String toColumn(List<String> details) {
        return details.isEmpty() ? null : String.join("\n", details);
    }

    public static List<String> fromColumn(String column) {
        return column == null ? List.of() : List.of(column.split("\n"));
    }
}

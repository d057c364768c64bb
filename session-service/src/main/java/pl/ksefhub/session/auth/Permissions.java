package pl.ksefhub.session.auth;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;

/** The permission names of the {@code per} claim, and how a list of them is kept in one column. */
public final class Permissions {

    /** Every permission a context owner can hold; what a bootstrap token gets. */
    public static final List<String> ALL = List.of("Owner", "InvoiceWrite", "InvoiceRead", "Introspection",
            "CredentialsManage", "CredentialsRead", "SubunitManage", "EnforcementOperations", "PefInvoiceWrite",
            "VatUeManage");

    private Permissions() {
    }

    public static String join(Collection<String> permissions) {
        return String.join(",", permissions);
    }

    public static List<String> parse(String column) {
        if (column == null || column.isBlank()) {
            return List.of();
        }
        return Arrays.stream(column.split(",")).map(String::trim).filter(p -> !p.isEmpty()).toList();
    }
}

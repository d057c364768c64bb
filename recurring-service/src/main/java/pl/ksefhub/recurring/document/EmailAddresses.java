package pl.ksefhub.recurring.document;

import pl.ksefhub.recurring.envelope.ApiRefusal;

import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * E-mail fields of a recurring document hold one or more addresses. The API this one follows answers them as a list
 * with each address followed by a semicolon ({@code "zmiana@email.pl"} in, {@code "zmiana@email.pl;"} out); we keep
 * that form so its clients see what they expect, and accept {@code ;}, {@code ,} or spaces between addresses.
 */
public final class EmailAddresses {

    private static final Pattern SEPARATORS = Pattern.compile("[;,\\s]+");
    private static final Pattern ADDRESS = Pattern.compile("[^@\\s;,<>\"]+@[^@\\s;,<>\"]+\\.[^@\\s;,<>\".]+");

    private EmailAddresses() {
    }

    /** The stored form ({@code a@x.pl;b@y.pl;}), or null for no address. */
    public static String normalize(String field, String raw) {
        List<String> addresses = parse(raw);
        for (String address : addresses) {
            if (!ADDRESS.matcher(address).matches()) {
                throw new ApiRefusal("Nieprawidłowy adres e-mail w polu %s: '%s'".formatted(field, address));
            }
        }
        return addresses.isEmpty() ? null : String.join(";", addresses) + ";";
    }

    public static List<String> parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return List.of();
        }
        return Arrays.stream(SEPARATORS.split(stored.trim())).filter(a -> !a.isEmpty()).toList();
    }
}

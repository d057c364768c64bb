package pl.ksefhub.upo.retrieval;

import pl.ksefhub.platform.error.KsefException;

import java.util.regex.Pattern;

/** The spec's constraints on path parameters, answered with 21405 and FluentValidation-style details. */
final class PathChecks {

    /** {@code KsefNumber}: 35 characters (KSeF 2.0), 36 accepted for KSeF 1.0 numbers. */
    private static final Pattern KSEF_NUMBER = Pattern.compile("^([1-9](\\d[1-9]|[1-9]\\d)\\d{7})-"
            + "(20[2-9][0-9]|2[1-9]\\d{2}|[3-9]\\d{3})(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])-([0-9A-F]{6})-?"
            + "([0-9A-F]{6})-([0-9A-F]{2})$");

    private PathChecks() {
    }

    static void referenceNumber(String name, String value) {
        if (value.length() != 36) {
            throw KsefException.validation("'" + name + "' must be 36 characters in length. You entered "
                    + value.length() + " characters.");
        }
    }

    static void ksefNumber(String name, String value) {
        if (value.length() < 35 || value.length() > 36) {
            throw KsefException.validation("'" + name + "' must be between 35 and 36 characters. You entered "
                    + value.length() + " characters.");
        }
        if (!KSEF_NUMBER.matcher(value).matches()) {
            throw KsefException.validation("'" + name + "' is not in the correct format.");
        }
    }
}

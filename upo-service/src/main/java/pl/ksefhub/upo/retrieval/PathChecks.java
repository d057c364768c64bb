package pl.ksefhub.upo.retrieval;

import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.Identifiers;

/** The spec's constraints on path parameters, answered with 21405 and FluentValidation-style details. */
final class PathChecks {

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
        if (!Identifiers.KSEF_NUMBER.matcher(value).matches()) {
            throw KsefException.validation("'" + name + "' is not in the correct format.");
        }
    }
}

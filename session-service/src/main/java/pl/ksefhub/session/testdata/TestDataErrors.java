package pl.ksefhub.session.testdata;

import pl.ksefhub.platform.error.KsefException;

/** The 400s of {@code /testdata/**} beyond 21405, as the spec's tables give them. */
final class TestDataErrors {

    static final int ALREADY_EXISTS = 30001;
    static final String ALREADY_EXISTS_DESCRIPTION = "Podmiot lub uprawnienie już istnieje.";

    private TestDataErrors() {
    }

    /** 30001; the spec gives it no details, ours names the clash when there is more to say than the code. */
    static KsefException alreadyExists(String detail) {
        return detail == null ? KsefException.badRequest(ALREADY_EXISTS, ALREADY_EXISTS_DESCRIPTION)
                : KsefException.badRequest(ALREADY_EXISTS, ALREADY_EXISTS_DESCRIPTION, detail);
    }
}

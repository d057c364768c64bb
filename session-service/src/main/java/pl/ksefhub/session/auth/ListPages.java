package pl.ksefhub.session.auth;

import pl.ksefhub.platform.error.KsefException;

/**
 * Paging of {@code GET /auth/sessions} and {@code GET /tokens}: {@code pageSize} 10-100 (default 10); their
 * {@code x-continuation-token}s are the platform's {@code ContinuationTokens}, scoped by context, filters and size.
 */
final class ListPages {

    static final int DEFAULT_PAGE_SIZE = 10;
    static final int MIN_PAGE_SIZE = 10;
    static final int MAX_PAGE_SIZE = 100;

    private ListPages() {
    }

    /** @throws KsefException 21405 for a size outside 10-100, worded as KSeF's FluentValidation does */
    static int pageSize(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT_PAGE_SIZE;
        }
        int size;
        try {
            size = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw KsefException.validation("The value '" + value + "' is not valid for pageSize.");
        }
        if (size < MIN_PAGE_SIZE || size > MAX_PAGE_SIZE) {
            throw KsefException.validation("'pageSize' must be between %d and %d. You entered %d."
                    .formatted(MIN_PAGE_SIZE, MAX_PAGE_SIZE, size));
        }
        return size;
    }
}

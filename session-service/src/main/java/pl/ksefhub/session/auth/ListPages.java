package pl.ksefhub.session.auth;

import pl.ksefhub.platform.error.KsefException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Paging of {@code GET /auth/sessions} and {@code GET /tokens}: {@code pageSize} 10-100 (default 10) and an opaque
 * {@code x-continuation-token} holding the next offset, bound to the query it continues (context, filters, page
 * size) so that a tampered or foreign token is 21418.
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

    static String continuation(int nextOffset, String scope) {
        String body = nextOffset + ":" + checksum(nextOffset + "|" + scope);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }

    /** @throws KsefException 21418 for a token this server did not issue for this scope */
    static int offset(String continuationToken, String scope) {
        if (continuationToken == null || continuationToken.isBlank()) {
            return 0;
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(continuationToken.trim()), StandardCharsets.UTF_8);
            int colon = body.indexOf(':');
            int offset = Integer.parseInt(body.substring(0, Math.max(colon, 0)));
            if (colon > 0 && offset >= 0 && body.substring(colon + 1).equals(checksum(offset + "|" + scope))) {
                return offset;
            }
        } catch (IllegalArgumentException e) {
            // refused below
        }
        throw AuthErrors.malformedContinuationToken();
    }

    private static String checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}

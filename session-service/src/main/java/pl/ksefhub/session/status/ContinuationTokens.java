package pl.ksefhub.session.status;

import pl.ksefhub.platform.error.KsefException;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.CRC32;

/**
 * Opaque {@code x-continuation-token}s: the next offset bound to the query it continues, with a checksum, so that a
 * tampered or foreign token is refused with 21418 instead of silently paging something else.
 */
final class ContinuationTokens {

    private ContinuationTokens() {
    }

    static String next(int offset, String querySignature) {
        String body = offset + ":" + checksum(offset + "|" + querySignature);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(body.getBytes(StandardCharsets.UTF_8));
    }

    static int offsetOf(String token, String querySignature) {
        if (token == null || token.isBlank()) {
            return 0;
        }
        try {
            String body = new String(Base64.getUrlDecoder().decode(token.trim()), StandardCharsets.UTF_8);
            String[] parts = body.split(":");
            // ":" alone splits into no parts at all.
            if (parts.length == 2) {
                int offset = Integer.parseInt(parts[0]);
                if (offset >= 0 && parts[1].equals(checksum(offset + "|" + querySignature))) {
                    return offset;
                }
            }
        } catch (IllegalArgumentException e) {
            // falls through to the refusal
        }
        throw KsefException.badRequest(21418, "Przekazany token kontynuacji ma nieprawidłowy format.");
    }

    private static String checksum(String text) {
        CRC32 crc = new CRC32();
        crc.update(text.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}

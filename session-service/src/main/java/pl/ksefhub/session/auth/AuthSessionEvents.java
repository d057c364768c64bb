package pl.ksefhub.session.auth;

import pl.ksefhub.platform.identifiers.ContextIdentifier;
import java.time.OffsetDateTime;

/**
 * Events about authentication sessions on {@code ksef.auth.revocations}, key = the session's AU reference number
 * (docs/EVENTS.md, "Authentication sessions"); schema in {@code resources/events/}. Every service reads them through
 * the platform's {@code AuthRevocationConsumer} and from then on refuses the session's access tokens.
 */
public final class AuthSessionEvents {

    public static final String TOPIC = "ksef.auth.revocations";
    public static final String REVOKED = "ksef.auth.session-revoked.v1";

    private AuthSessionEvents() {
    }

    /**
     * @param validUntil when the last token issued for the session expires: after it there is nothing left to
     *                   refuse, and consumers forget the revocation
     */
    public record AuthSessionRevoked(String authReferenceNumber, ContextIdentifier context, OffsetDateTime revokedAt,
                                     OffsetDateTime validUntil) {
    }
}

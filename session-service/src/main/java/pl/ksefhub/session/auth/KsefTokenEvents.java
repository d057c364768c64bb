package pl.ksefhub.session.auth;

import pl.ksefhub.platform.identifiers.ContextIdentifier;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Events about KSeF tokens on {@code ksef.session.events}, key = the token's EC reference number (docs/EVENTS.md,
 * "KSeF tokens"); schemas in {@code resources/events/}. Services that accept a NIP and a KSeF token themselves
 * (recurring-service's HTTP Basic) keep a projection of them.
 */
public final class KsefTokenEvents {

    public static final String TOPIC = "ksef.session.events";
    public static final String ACTIVATED = "ksef.token.activated.v1";
    public static final String REVOKED = "ksef.token.revoked.v1";

    private KsefTokenEvents() {
    }

    /** @param tokenSha256 hex SHA-256 of the whole token string, as stored: never the token itself */
    public record TokenActivated(String referenceNumber, ContextIdentifier context, String tokenSha256,
                                 List<String> permissions, OffsetDateTime activatedAt) {
    }

    public record TokenRevoked(String referenceNumber, OffsetDateTime revokedAt) {
    }
}

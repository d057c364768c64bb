package pl.ksefhub.session.permissions;

import java.time.OffsetDateTime;

/**
 * Grants and revocations on {@code ksef.session.events} (as KSeF tokens: the session-service's facts about who may
 * act), key = the permission id, so that a grant and its revocation stay in order (docs/EVENTS.md, "Permissions");
 * schemas in {@code resources/events/}. invoice-service projects the authorizations (SelfInvoicing, RRInvoicing,
 * TaxRepresentative, PefInvoicing) that decide whose invoices a context may send.
 */
public final class PermissionEvents {

    public static final String TOPIC = "ksef.session.events";
    public static final String GRANTED = "ksef.permission.granted.v1";
    public static final String REVOKED = "ksef.permission.revoked.v1";

    private PermissionEvents() {
    }

    public record Identifier(String type, String value) {
        static Identifier of(Grant.Identifier identifier) {
            return identifier == null ? null : new Identifier(identifier.type(), identifier.value());
        }
    }

    /**
     * @param kind    Person, Entity, Authorization, Indirect, Subunit, EuEntityAdministration, EuEntityRepresentative
     * @param context where the permission works; for an Authorization the authorizing entity
     * @param target  indirect grants only: the client, or {@code AllPartners}
     * @param subject who holds it
     */
    public record PermissionGranted(String permissionId, String kind, Identifier context, Identifier target,
                                    Identifier subject, String permission, boolean canDelegate, Identifier author,
                                    OffsetDateTime grantedAt) {
    }

    public record PermissionRevoked(String permissionId, String kind, Identifier context, Identifier subject,
                                    String permission, OffsetDateTime revokedAt) {
    }

    static PermissionGranted granted(Grant grant) {
        return new PermissionGranted(grant.id(), grant.kind().name(), Identifier.of(grant.context()),
                Identifier.of(grant.target()), Identifier.of(grant.subject()), grant.permission(),
                grant.canDelegate(), Identifier.of(grant.author()), grant.createdAt());
    }

    static PermissionRevoked revoked(Grant grant) {
        return new PermissionRevoked(grant.id(), grant.kind().name(), Identifier.of(grant.context()),
                Identifier.of(grant.subject()), grant.permission(), grant.revokedAt());
    }
}

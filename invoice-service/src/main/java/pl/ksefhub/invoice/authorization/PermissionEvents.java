package pl.ksefhub.invoice.authorization;

import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;

import java.time.OffsetDateTime;

/**
 * The fields of session-service's permission events (docs/EVENTS.md, "Permissions") that invoice-service reads:
 * only authorizations ({@code kind} Authorization) decide anything here.
 */
public final class PermissionEvents {

    public static final String GRANTED = "ksef.permission.granted.v1";
    public static final String REVOKED = "ksef.permission.revoked.v1";
    static final String AUTHORIZATION = "Authorization";

    private PermissionEvents() {
    }

    public record Identifier(String type, String value) {
    }

    /** @param context for an authorization, the authorizing entity (a NIP) */
    public record PermissionGranted(String permissionId, String kind, Identifier context, Identifier subject,
                                    String permission, OffsetDateTime grantedAt) {

        public PermissionGranted requireComplete() {
            if (permissionId == null || kind == null || context == null || context.value() == null
                    || subject == null || subject.type() == null || subject.value() == null || permission == null
                    || grantedAt == null) {
                throw new MalformedEventException("permission.granted without permissionId, kind, context,"
                        + " subject, permission or grantedAt");
            }
            return this;
        }

        boolean isAuthorization() {
            return AUTHORIZATION.equals(kind);
        }
    }

    public record PermissionRevoked(String permissionId, String kind) {

        public PermissionRevoked requireComplete() {
            if (permissionId == null) {
                throw new MalformedEventException("permission.revoked without permissionId");
            }
            return this;
        }
    }
}

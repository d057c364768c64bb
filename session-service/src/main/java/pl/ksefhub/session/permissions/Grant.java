package pl.ksefhub.session.permissions;

import java.time.OffsetDateTime;

/**
 * One permission held by one subject: a row of {@code permission_grant}. How it was granted ({@link Kind}) decides
 * what {@code context} and {@code target} mean (see V12__permission_grants.sql).
 *
 * @param subjectDetails  the request's {@code subjectDetails} as JSON, or null
 * @param euEntityDetails the request's {@code euEntityDetails} as JSON, or null
 */
public record Grant(String id, Kind kind, Identifier context, Identifier target, Identifier subject,
                    String permission, boolean canDelegate, String description, Identifier author,
                    Identifier grantedIn, String subjectDetails, String subunitName, String euEntityName,
                    String euEntityDetails, String state, OffsetDateTime createdAt, OffsetDateTime revokedAt) {

    public static final String ACTIVE = "Active";
    public static final String INACTIVE = "Inactive";
    /** The author of test-data grants ({@code PersonPermissionsAuthorIdentifierType} System). */
    public static final String SYSTEM = "System";
    /** The target of a general indirect grant: every client of the intermediary. */
    public static final String ALL_PARTNERS = "AllPartners";

    /** How a permission was granted: each of the spec's grant operations, test data counting as a person grant. */
    public enum Kind {
        /** {@code /permissions/persons/grants} and {@code /testdata/permissions}. */
        Person,
        /** {@code /permissions/entities/grants}: an entity handles the context's invoices. */
        Entity,
        /** {@code /permissions/authorizations/grants}: SelfInvoicing, RRInvoicing, TaxRepresentative, PefInvoicing. */
        Authorization,
        /** {@code /permissions/indirect/grants}: a person of the intermediary acts for its clients. */
        Indirect,
        /** {@code /permissions/subunits/grants}: CredentialsManage in a subunit or subordinate entity. */
        Subunit,
        /** {@code /permissions/eu-entities/administration/grants}. */
        EuEntityAdministration,
        /** {@code /permissions/eu-entities/grants}. */
        EuEntityRepresentative
    }

    /** A typed identifier ({@code Nip}, {@code Pesel}, {@code Fingerprint}, {@code InternalId} ...). */
    public record Identifier(String type, String value) {

        public boolean is(String otherType, String otherValue) {
            return type.equals(otherType) && java.util.Objects.equals(value, otherValue);
        }

        public boolean is(Identifier other) {
            return other != null && is(other.type, other.value);
        }
    }

    public boolean active() {
        return ACTIVE.equals(state);
    }
}

package pl.ksefhub.session.testdata;

import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.identifiers.Identifiers;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.testdata.TestDataApi.Identifier;
import pl.ksefhub.session.testdata.TestDataApi.Permission;
import pl.ksefhub.session.testdata.TestDataApi.Subunit;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The spec's constraints on {@code /testdata/**} bodies; every breach is a detail of one 21405, worded as the
 * FluentValidation messages KSeF sends ({@code 'field' must not be empty.}). Enumerations match case-insensitively
 * and come out in the spec's spelling.
 */
final class TestDataValidation {

    static final Pattern NIP = Identifiers.NIP;
    static final Pattern PESEL = Pattern.compile(
            "^\\d{2}(?:0[1-9]|1[0-2]|2[1-9]|3[0-2]|4[1-9]|5[0-2]|6[1-9]|7[0-2]|8[1-9]|9[0-2])\\d{7}$");
    /** SHA-256 of the certificate in hex, as {@link CertificateSubject#fingerprint} computes it. */
    static final Pattern FINGERPRINT = Pattern.compile("^[0-9A-Fa-f]{64}$");
    static final Pattern INTERNAL_ID = Identifiers.INTERNAL_ID;
    static final Pattern NIP_VAT_UE = Identifiers.NIP_VAT_UE;
    static final Pattern PEPPOL_ID = Pattern.compile("^P[A-Z]{2}[0-9]{6}$");

    static final String VAT_GROUP = "VatGroup";
    static final String JST = "JST";
    static final List<String> SUBJECT_TYPES = List.of("EnforcementAuthority", VAT_GROUP, JST);
    static final List<String> PERMISSION_TYPES = List.of("InvoiceRead", "InvoiceWrite", "Introspection",
            "CredentialsRead", "CredentialsManage", "EnforcementOperations", "SubunitManage");
    static final List<String> AUTHORIZED_TYPES = List.of(CertificateSubject.NIP, CertificateSubject.PESEL,
            CertificateSubject.FINGERPRINT);
    static final List<String> CONTEXT_TYPES = List.of("Nip", "InternalId", "NipVatUe", "PeppolId");

    private TestDataValidation() {
    }

    record ValidSubunit(String nip, String description) {
    }

    /** A subject to create; {@code createdDate} is null when the request named none. */
    record ValidSubject(String nip, String type, List<ValidSubunit> subunits, String description,
                        OffsetDateTime createdDate) {
    }

    record ValidPerson(String nip, String pesel, boolean bailiff, boolean deceased, String description,
                       OffsetDateTime createdDate) {
    }

    /** Whom ({@code subjectType} is Nip, Pesel or Fingerprint) a grant or revoke is about, in which NIP context. */
    record ValidGrantee(String contextNip, String subjectType, String subjectValue) {
    }

    /** A grant: the grantee and the permission types, without repetitions, in the order given. */
    record Grant(ValidGrantee grantee, List<String> permissions) {
    }

    record ValidContext(String type, String value) {
    }

    static ValidSubject subject(TestDataApi.SubjectCreateRequest request) {
        Errors errors = new Errors(request);
        String nip = errors.pattern("subjectNip", request.subjectNip(), NIP);
        String type = errors.oneOf("subjectType", request.subjectType(), SUBJECT_TYPES);
        String description = errors.description("description", request.description());
        List<ValidSubunit> subunits = new ArrayList<>();
        List<Subunit> requested = request.subunits() == null ? List.of() : request.subunits();
        if (!requested.isEmpty() && type != null && !VAT_GROUP.equals(type) && !JST.equals(type)) {
            // Only a VAT group and a JST have subunits (members, units).
            errors.add("'subunits' must be empty.");
        }
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < requested.size(); i++) {
            Subunit subunit = requested.get(i);
            String field = "subunits[" + i + "]";
            if (subunit == null) {
                errors.add("'" + field + "' must not be empty.");
                continue;
            }
            String subunitNip = errors.pattern(field + ".subjectNip", subunit.subjectNip(), NIP);
            String subunitDescription = errors.description(field + ".description", subunit.description());
            if (subunitNip != null && (subunitNip.equals(nip) || !seen.add(subunitNip))) {
                errors.add("'" + field + ".subjectNip' must be unique within the request.");
            }
            subunits.add(new ValidSubunit(subunitNip, subunitDescription));
        }
        errors.throwIfAny();
        return new ValidSubject(nip, type, List.copyOf(subunits), description, request.createdDate());
    }

    static ValidPerson person(TestDataApi.PersonCreateRequest request) {
        Errors errors = new Errors(request);
        String nip = errors.pattern("nip", request.nip(), NIP);
        String pesel = errors.pattern("pesel", request.pesel(), PESEL);
        if (request.isBailiff() == null) {
            errors.add("'isBailiff' must not be empty.");
        }
        String description = errors.description("description", request.description());
        errors.throwIfAny();
        return new ValidPerson(nip, pesel, request.isBailiff(), Boolean.TRUE.equals(request.isDeceased()),
                description, request.createdDate());
    }

    /** A body whose only required field is a NIP ({@code subjectNip} or {@code nip}). */
    static String nip(Object request, String field, String value) {
        Errors errors = new Errors(request);
        String nip = errors.pattern(field, value, NIP);
        errors.throwIfAny();
        return nip;
    }

    static Grant grant(TestDataApi.PermissionsGrantRequest request) {
        Errors errors = new Errors(request);
        ValidGrantee grantee = grantee(errors, request.contextIdentifier(), request.authorizedIdentifier());
        Set<String> permissions = new LinkedHashSet<>();
        List<Permission> requested = request.permissions();
        if (requested == null || requested.isEmpty()) {
            errors.add("'permissions' must not be empty.");
        } else {
            for (int i = 0; i < requested.size(); i++) {
                Permission permission = requested.get(i);
                String field = "permissions[" + i + "]";
                if (permission == null) {
                    errors.add("'" + field + "' must not be empty.");
                    continue;
                }
                String type = errors.oneOf(field + ".permissionType", permission.permissionType(),
                        PERMISSION_TYPES);
                errors.description(field + ".description", permission.description());
                if (type != null) {
                    permissions.add(type);
                }
            }
        }
        errors.throwIfAny();
        return new Grant(grantee, List.copyOf(permissions));
    }

    static ValidGrantee revoke(TestDataApi.PermissionsRevokeRequest request) {
        Errors errors = new Errors(request);
        ValidGrantee grantee = grantee(errors, request.contextIdentifier(), request.authorizedIdentifier());
        errors.throwIfAny();
        return grantee;
    }

    /** The context of a block or unblock; null when the request names none (the caller's context then). */
    static ValidContext context(TestDataApi.ContextAuthenticationRequest request) {
        if (request == null || request.contextIdentifier() == null) {
            return null;
        }
        Errors errors = new Errors(request);
        Identifier identifier = request.contextIdentifier();
        String type = errors.oneOf("contextIdentifier.type", identifier.type(), CONTEXT_TYPES);
        String value = null;
        if (type != null) {
            value = errors.pattern("contextIdentifier.value", identifier.value(), switch (type) {
                case "Nip" -> NIP;
                case "InternalId" -> INTERNAL_ID;
                case "NipVatUe" -> NIP_VAT_UE;
                default -> PEPPOL_ID;
            });
        }
        errors.throwIfAny();
        return new ValidContext(type, value);
    }

    private static ValidGrantee grantee(Errors errors, Identifier context, Identifier authorized) {
        String contextNip = null;
        if (context == null) {
            errors.add("'contextIdentifier' must not be empty.");
        } else {
            errors.oneOf("contextIdentifier.type", context.type(), List.of("Nip"));
            contextNip = errors.pattern("contextIdentifier.value", context.value(), NIP);
        }
        String subjectType = null;
        String subjectValue = null;
        if (authorized == null) {
            errors.add("'authorizedIdentifier' must not be empty.");
        } else {
            subjectType = errors.oneOf("authorizedIdentifier.type", authorized.type(), AUTHORIZED_TYPES);
            if (subjectType != null) {
                subjectValue = errors.pattern("authorizedIdentifier.value", authorized.value(),
                        switch (subjectType) {
                            case CertificateSubject.NIP -> NIP;
                            case CertificateSubject.PESEL -> PESEL;
                            default -> FINGERPRINT;
                        });
            }
            if (subjectValue != null && CertificateSubject.FINGERPRINT.equals(subjectType)) {
                // Certificates are looked up by their upper-case fingerprint.
                subjectValue = subjectValue.toUpperCase(Locale.ROOT);
            }
        }
        return new ValidGrantee(contextNip, subjectType, subjectValue);
    }

    /** Collects the details of one 21405. */
    private static final class Errors {

        private final List<String> details = new ArrayList<>();

        Errors(Object request) {
            if (request == null) {
                throw KsefException.validation("'request' must not be empty.");
            }
        }

        void add(String detail) {
            details.add(detail);
        }

        /** @return the value when it is present and matches, else null (and a detail) */
        String pattern(String field, String value, Pattern pattern) {
            if (value == null || value.isBlank()) {
                add("'" + field + "' must not be empty.");
                return null;
            }
            if (!pattern.matcher(value).matches()) {
                add("'" + field + "' is not in the correct format.");
                return null;
            }
            return value;
        }

        /** @return the spec's spelling of the value, or null (and a detail) */
        String oneOf(String field, String value, List<String> allowed) {
            if (value == null || value.isBlank()) {
                add("'" + field + "' must not be empty.");
                return null;
            }
            for (String candidate : allowed) {
                if (candidate.equalsIgnoreCase(value.trim())) {
                    return candidate;
                }
            }
            add("'" + field + "' has a range of values which does not include '" + value + "'.");
            return null;
        }

        /** A description of 5 to 256 characters. */
        String description(String field, String value) {
            if (value == null || value.isBlank()) {
                add("'" + field + "' must not be empty.");
                return null;
            }
            if (value.length() < 5 || value.length() > 256) {
                add("'" + field + "' must be between 5 and 256 characters. You entered " + value.length()
                        + " characters.");
                return null;
            }
            return value;
        }

        void throwIfAny() {
            if (!details.isEmpty()) {
                throw KsefException.validation(details.toArray(String[]::new));
            }
        }
    }
}

package pl.ksefhub.session.permissions;

import com.fasterxml.jackson.databind.JsonNode;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.auth.xades.CertificateSubject;
import pl.ksefhub.session.auth.xades.ContextIdentifiers;
import pl.ksefhub.session.permissions.PermissionsApi.Identifier;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The 21405 checks of the {@code /permissions} bodies beyond JSON: required fields, enums, identifier formats and
 * lengths of the spec's schemas. All problems of a body are reported together, worded as KSeF's FluentValidation.
 */
final class PermissionsValidation {

    static final Pattern PESEL = Pattern.compile("\\d{11}");
    static final Pattern FINGERPRINT = Pattern.compile("[0-9A-Fa-f]{64}");
    /** {@code nip-5 digits}, the last a check digit (weights 1, 3, 1, 3 ...). */
    static final Pattern INTERNAL_ID = Pattern.compile("(\\d{10})-(\\d{5})");
    static final Pattern NIP_VAT_UE = Pattern.compile("(\\d{10})-([A-Z]{2}[0-9A-Z+*]{2,13})");

    private final List<String> problems = new ArrayList<>();

    PermissionsValidation() {
    }

    void require(Object value, String field) {
        if (value == null || value instanceof String text && text.isBlank()) {
            problems.add("'%s' must not be empty.".formatted(field));
        }
    }

    void description(String description) {
        require(description, "description");
        if (description != null && !description.isBlank() && (description.length() < 5 || description.length() > 256)) {
            problems.add("'description' must be between 5 and 256 characters. You entered %d characters."
                    .formatted(description.length()));
        }
    }

    /** @return the identifier as stored (a fingerprint upper-case), or null when it is not valid */
    Grant.Identifier identifier(Identifier identifier, String field, Set<String> types) {
        if (identifier == null) {
            problems.add("'%s' must not be empty.".formatted(field));
            return null;
        }
        if (identifier.type() == null || !types.contains(identifier.type())) {
            problems.add("'%s.type' has a range of values which does not include '%s'."
                    .formatted(field, identifier.type()));
            return null;
        }
        String value = identifier.value();
        if ("AllPartners".equals(identifier.type())) {
            return new Grant.Identifier(identifier.type(), null);
        }
        if (value == null || !valid(identifier.type(), value)) {
            problems.add("'%s.value' is not a valid %s: '%s'.".formatted(field, identifier.type(), value));
            return null;
        }
        return new Grant.Identifier(identifier.type(), "Fingerprint".equals(identifier.type())
                ? value.toUpperCase(Locale.ROOT) : value);
    }

    static boolean valid(String type, String value) {
        return switch (type) {
            case "Nip" -> ContextIdentifiers.isValidNip(value);
            case "Pesel" -> PESEL.matcher(value).matches();
            case "Fingerprint" -> FINGERPRINT.matcher(value).matches();
            case "PeppolId" -> CertificateSubject.PEPPOL.matcher(value).matches();
            case "InternalId" -> validInternalId(value);
            case "NipVatUe" -> NIP_VAT_UE.matcher(value).matches()
                    && ContextIdentifiers.isValidNip(value.substring(0, 10));
            default -> false;
        };
    }

    /** The check digit of the spec's {@code POST /permissions/subunits/grants}: weights 1, 3, 1, 3 ..., mod 10. */
    static boolean validInternalId(String value) {
        var matcher = INTERNAL_ID.matcher(value);
        if (!matcher.matches() || !ContextIdentifiers.isValidNip(matcher.group(1))) {
            return false;
        }
        String digits = matcher.group(1) + matcher.group(2);
        int sum = 0;
        for (int i = 0; i < 14; i++) {
            sum += (digits.charAt(i) - '0') * (i % 2 == 0 ? 1 : 3);
        }
        return sum % 10 == digits.charAt(14) - '0';
    }

    /** @return the permissions without repetitions, in the order given */
    List<String> permissions(List<String> permissions, Set<String> allowed) {
        if (permissions == null || permissions.isEmpty()) {
            problems.add("'permissions' must not be empty.");
            return List.of();
        }
        for (int i = 0; i < permissions.size(); i++) {
            if (!allowed.contains(permissions.get(i))) {
                problems.add("'permissions[%d]' has a range of values which does not include '%s'."
                        .formatted(i, permissions.get(i)));
            }
        }
        return permissions.stream().distinct().toList();
    }

    void oneOf(String value, String field, Set<String> allowed, boolean required) {
        if (value == null) {
            if (required) {
                problems.add("'%s' must not be empty.".formatted(field));
            }
            return;
        }
        if (!allowed.contains(value)) {
            problems.add("'%s' has a range of values which does not include '%s'.".formatted(field, value));
        }
    }

    void subjectDetails(JsonNode details, Set<String> types) {
        if (details == null || details.isNull()) {
            problems.add("'subjectDetails' must not be empty.");
            return;
        }
        JsonNode type = details.get("subjectDetailsType");
        if (types.isEmpty()) {
            return;
        }
        if (type == null || !types.contains(type.asText())) {
            problems.add("'subjectDetails.subjectDetailsType' has a range of values which does not include '%s'."
                    .formatted(type == null ? null : type.asText()));
        }
    }

    void problem(String problem) {
        problems.add(problem);
    }

    void page(Integer pageOffset, Integer pageSize) {
        if (pageSize != null && (pageSize < 10 || pageSize > 100)) {
            problems.add("'pageSize' must be between 10 and 100. You entered " + pageSize + ".");
        }
        if (pageOffset != null && pageOffset < 0) {
            problems.add("'pageOffset' must be greater than or equal to '0'.");
        }
    }

    void throwIfAny() {
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
    }
}

package pl.ksefhub.session.certificates;

import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.platform.refnum.ReferenceNumbers;
import pl.ksefhub.session.certificates.CertificatesApi.EnrollCertificateRequest;
import pl.ksefhub.session.certificates.CertificatesApi.QueryCertificatesRequest;
import pl.ksefhub.session.certificates.CertificatesApi.RetrieveCertificatesRequest;
import pl.ksefhub.session.certificates.CertificatesApi.RevokeCertificateRequest;

import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** The spec's bounds on the {@code /certificates/**} inputs; breaches are the details of one 21405. */
final class CertificatesValidation {

    private static final ZoneId WARSAW = ZoneId.of("Europe/Warsaw");

    static final List<String> TYPES = List.of(KsefCertificate.AUTHENTICATION, KsefCertificate.OFFLINE);
    static final List<String> STATUSES = List.of(KsefCertificate.ACTIVE, KsefCertificate.BLOCKED,
            KsefCertificate.REVOKED, KsefCertificate.EXPIRED);
    static final List<String> REVOCATION_REASONS = List.of("Unspecified", "Superseded", "KeyCompromise");
    static final Pattern SERIAL_NUMBER = Pattern.compile("[0-9A-F]{16}");
    /** {@code EnrollCertificateRequest.certificateName}. */
    private static final Pattern NAME = Pattern.compile("[a-zA-Z0-9_\\- ąćęłńóśźżĄĆĘŁŃÓŚŹŻ]+");

    private CertificatesValidation() {
    }

    /** The request's fields, its {@code validFrom} parsed (null when absent). */
    static OffsetDateTime enrollment(EnrollCertificateRequest request) {
        List<String> errors = new ArrayList<>();
        if (request == null) {
            throw KsefException.validation("'request' must not be empty.");
        }
        String name = request.certificateName();
        if (name == null || name.isBlank()) {
            errors.add("'certificateName' must not be empty.");
        } else if (name.length() < 5 || name.length() > 100) {
            errors.add("'certificateName' must be between 5 and 100 characters. You entered " + name.length()
                    + " characters.");
        } else if (!NAME.matcher(name).matches()) {
            errors.add("'certificateName' is not in the correct format.");
        }
        oneOf("certificateType", request.certificateType(), TYPES, true, errors);
        if (request.csr() == null || request.csr().isBlank()) {
            errors.add("'csr' must not be empty.");
        }
        OffsetDateTime validFrom = dateTime("validFrom", request.validFrom(), errors);
        throwIfAny(errors);
        return validFrom;
    }

    /** The spec's {@code ReferenceNumber}: format and checksum. */
    static void referenceNumber(String referenceNumber) {
        if (!ReferenceNumbers.isValid(referenceNumber)) {
            throw KsefException.validation("'referenceNumber' is not in the correct format.");
        }
    }

    static void retrieve(RetrieveCertificatesRequest request) {
        List<String> errors = new ArrayList<>();
        List<String> serials = request == null ? null : request.certificateSerialNumbers();
        if (serials == null || serials.isEmpty()) {
            errors.add("'certificateSerialNumbers' must not be empty.");
        } else {
            if (serials.size() > 10) {
                errors.add("The length of 'certificateSerialNumbers' must be 10 items or fewer. You entered "
                        + serials.size() + " items.");
            }
            for (int i = 0; i < serials.size(); i++) {
                serialNumber("certificateSerialNumbers[" + i + "]", serials.get(i), errors);
            }
        }
        throwIfAny(errors);
    }

    /** @return the parsed {@code expiresAfter}, or null */
    static OffsetDateTime query(QueryCertificatesRequest request, Integer pageSize, Integer pageOffset) {
        List<String> errors = new ArrayList<>();
        if (pageSize != null && (pageSize < 10 || pageSize > 50)) {
            errors.add("'pageSize' must be between 10 and 50. You entered " + pageSize + ".");
        }
        if (pageOffset != null && pageOffset < 0) {
            errors.add("'pageOffset' must be greater than or equal to '0'.");
        }
        OffsetDateTime expiresAfter = null;
        if (request != null) {
            if (request.certificateSerialNumber() != null) {
                serialNumber("certificateSerialNumber", request.certificateSerialNumber(), errors);
            }
            oneOf("type", request.type(), TYPES, false, errors);
            oneOf("status", request.status(), STATUSES, false, errors);
            expiresAfter = dateTime("expiresAfter", request.expiresAfter(), errors);
        }
        throwIfAny(errors);
        return expiresAfter;
    }

    /** @return the reason, Unspecified when none is given */
    static String revoke(String serialNumber, RevokeCertificateRequest request) {
        List<String> errors = new ArrayList<>();
        serialNumber("certificateSerialNumber", serialNumber, errors);
        String reason = request == null ? null : request.revocationReason();
        oneOf("revocationReason", reason, REVOCATION_REASONS, false, errors);
        throwIfAny(errors);
        return reason == null ? "Unspecified" : reason;
    }

    static void serialNumber(String field, String value, List<String> errors) {
        if (value == null || !SERIAL_NUMBER.matcher(value).matches()) {
            errors.add("'" + field + "' is not in the correct format.");
        }
    }

    private static void oneOf(String field, String value, List<String> allowed, boolean required,
                              List<String> errors) {
        if (value == null) {
            if (required) {
                errors.add("'" + field + "' must not be empty.");
            }
        } else if (!allowed.contains(value)) {
            errors.add("'" + field + "' has a range of values which does not include '" + value + "'.");
        }
    }

    private static OffsetDateTime dateTime(String field, String value, List<String> errors) {
        if (value == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(value);
        } catch (DateTimeParseException e) {
            // The official Java SDK sends a local date-time without an offset (LocalDateTime.toString()); the
            // Ministry's system takes it as Polish time, as a .NET server in Poland reads one.
            try {
                return LocalDateTime.parse(value).atZone(WARSAW).toOffsetDateTime();
            } catch (DateTimeParseException notLocal) {
                errors.add("'" + field + "' is not a valid date-time.");
                return null;
            }
        }
    }

    private static void throwIfAny(List<String> errors) {
        if (!errors.isEmpty()) {
            throw KsefException.validation(errors.toArray(String[]::new));
        }
    }
}

package pl.ksefhub.session.limits;

import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.limits.LimitsApi.EffectiveContextLimits;
import pl.ksefhub.session.limits.LimitsApi.SessionLimits;
import pl.ksefhub.session.limits.LimitsApi.SessionLimitsOverride;
import pl.ksefhub.session.limits.LimitsApi.SetSessionLimitsRequest;
import pl.ksefhub.session.limits.LimitsApi.SetSubjectLimitsRequest;

import java.util.ArrayList;
import java.util.List;

/** The spec's bounds on the {@code /testdata/limits/**} bodies; breaches are the details of one 21405. */
final class LimitsValidation {

    static final int MAX_INVOICE_SIZE_IN_MB = 5;
    static final int MAX_INVOICE_WITH_ATTACHMENT_SIZE_IN_MB = 10;
    static final int MAX_INVOICES = 100_000;
    static final List<String> SUBJECT_IDENTIFIER_TYPES = List.of("Nip", "Pesel", "Fingerprint");

    private LimitsValidation() {
    }

    /** @return both sessions' limits, every value within the spec's bounds */
    static EffectiveContextLimits sessionLimits(SetSessionLimitsRequest request) {
        if (request == null) {
            throw KsefException.validation("'request' must not be empty.");
        }
        List<String> errors = new ArrayList<>();
        SessionLimits online = session("onlineSession", request.onlineSession(), errors);
        SessionLimits batch = session("batchSession", request.batchSession(), errors);
        if (!errors.isEmpty()) {
            throw KsefException.validation(errors.toArray(String[]::new));
        }
        return new EffectiveContextLimits(online, batch);
    }

    /** Checks the subject's limits; null values are allowed (they leave a limit as it is). */
    static void subjectLimits(SetSubjectLimitsRequest request) {
        if (request == null) {
            throw KsefException.validation("'request' must not be empty.");
        }
        List<String> errors = new ArrayList<>();
        String type = request.subjectIdentifierType();
        if (type != null && SUBJECT_IDENTIFIER_TYPES.stream().noneMatch(t -> t.equalsIgnoreCase(type))) {
            errors.add("'subjectIdentifierType' has a range of values which does not include '" + type + "'.");
        }
        if (request.enrollment() != null) {
            notNegative("enrollment.maxEnrollments", request.enrollment().maxEnrollments(), errors);
        }
        if (request.certificate() != null) {
            notNegative("certificate.maxCertificates", request.certificate().maxCertificates(), errors);
        }
        if (!errors.isEmpty()) {
            throw KsefException.validation(errors.toArray(String[]::new));
        }
    }

    private static SessionLimits session(String field, SessionLimitsOverride limits, List<String> errors) {
        if (limits == null) {
            errors.add("'" + field + "' must not be empty.");
            return null;
        }
        int size = between(field + ".maxInvoiceSizeInMB", limits.maxInvoiceSizeInMB(), MAX_INVOICE_SIZE_IN_MB,
                errors);
        int withAttachment = between(field + ".maxInvoiceWithAttachmentSizeInMB",
                limits.maxInvoiceWithAttachmentSizeInMB(), MAX_INVOICE_WITH_ATTACHMENT_SIZE_IN_MB, errors);
        int invoices = between(field + ".maxInvoices", limits.maxInvoices(), MAX_INVOICES, errors);
        return new SessionLimits(size, withAttachment, invoices);
    }

    private static int between(String field, Integer value, int max, List<String> errors) {
        if (value == null) {
            errors.add("'" + field + "' must not be empty.");
            return 0;
        }
        if (value < 0 || value > max) {
            errors.add("'" + field + "' must be between 0 and " + max + ". You entered " + value + ".");
        }
        return value;
    }

    private static void notNegative(String field, Integer value, List<String> errors) {
        if (value != null && value < 0) {
            errors.add("'" + field + "' must be greater than or equal to '0'.");
        }
    }
}

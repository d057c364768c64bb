package pl.ksefhub.session.submission;

import pl.ksefhub.session.submission.SubmissionEvents.SubmissionRequested;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checks a submission before it may take a place in a session. Whatever fails here can never succeed on a retry, so
 * the consumer dead-letters it with these reasons.
 */
final class SubmissionValidation {

    /** The form codes event sessions take, as online sessions do on the TEST environment. */
    private static final Set<String> FORM_CODES = Set.of("FA (2)|1-0E|FA", "FA (3)|1-0E|FA");
    private static final int[] NIP_WEIGHTS = {6, 5, 7, 2, 3, 4, 5, 6, 7};
    static final int MAX_CORRELATION_ID = 256;

    private SubmissionValidation() {
    }

    /** @return the problems found, empty when the submission is well formed */
    static List<String> problems(SubmissionRequested submission) {
        List<String> problems = new ArrayList<>();
        if (submission.correlationId() == null || submission.correlationId().isBlank()) {
            problems.add("correlationId is missing");
        } else if (submission.correlationId().length() > MAX_CORRELATION_ID) {
            problems.add("correlationId is longer than " + MAX_CORRELATION_ID + " characters");
        }
        if (submission.context() == null) {
            problems.add("context is missing");
        } else if (!"Nip".equals(submission.context().type())) {
            problems.add("context.type must be Nip");
        } else if (!validNip(submission.context().value())) {
            problems.add("context.value is not a valid NIP");
        }
        if (submission.formCode() == null) {
            problems.add("formCode is missing");
        } else if (!FORM_CODES.contains(submission.formCode().systemCode() + "|"
                + submission.formCode().schemaVersion() + "|" + submission.formCode().value())) {
            problems.add("formCode is not supported (FA (2) or FA (3), 1-0E, FA)");
        }
        boolean xml = submission.invoiceXml() != null;
        boolean template = submission.template() != null;
        if (xml == template) {
            problems.add("exactly one of invoiceXml and template is required");
        } else if (xml && submission.invoiceXml().isBlank()) {
            problems.add("invoiceXml is empty");
        } else if (template) {
            if (submission.template().saleDocumentId() == null || submission.template().saleDocumentId() < 1) {
                problems.add("template.saleDocumentId is missing");
            }
            if (submission.template().issueDate() == null) {
                problems.add("template.issueDate is missing");
            }
        }
        return problems;
    }

    /** Ten digits whose weighted sum modulo 11 equals the last one (a remainder of 10 is never valid). */
    static boolean validNip(String nip) {
        if (nip == null || !nip.matches("[0-9]{10}")) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < NIP_WEIGHTS.length; i++) {
            sum += NIP_WEIGHTS[i] * (nip.charAt(i) - '0');
        }
        int check = sum % 11;
        return check != 10 && check == nip.charAt(9) - '0';
    }
}

package pl.ksefhub.invoice.intake;

import pl.ksefhub.platform.error.KsefException;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The synchronous field checks of {@code POST /sessions/online/{ref}/invoices}: 21405 with every problem found, in
 * the FluentValidation wording the official clients know.
 */
final class SendInvoiceValidation {

    static final int REFERENCE_NUMBER_LENGTH = 36;
    private static final int SHA256_BASE64_LENGTH = 44;
    /** AES-CBC with PKCS#7 adds at most one block. */
    private static final int AES_BLOCK = 16;

    private SendInvoiceValidation() {
    }

    /** Every field check but the size limits, which depend on the session: see {@link #requireWithin}. */
    static ValidatedSend validate(String referenceNumber, SendInvoiceRequest request) {
        List<String> problems = new ArrayList<>();
        if (referenceNumber == null || referenceNumber.length() != REFERENCE_NUMBER_LENGTH) {
            problems.add(lengthProblem("referenceNumber", REFERENCE_NUMBER_LENGTH, referenceNumber));
        }
        if (request == null) {
            problems.add("'request' must not be empty.");
            throw KsefException.validation(problems.toArray(String[]::new));
        }
        checkHash("invoiceHash", request.invoiceHash(), true, problems);
        checkSize("invoiceSize", request.invoiceSize(), Long.MAX_VALUE, problems);
        checkHash("encryptedInvoiceHash", request.encryptedInvoiceHash(), true, problems);
        checkSize("encryptedInvoiceSize", request.encryptedInvoiceSize(), Long.MAX_VALUE, problems);
        byte[] ciphertext = null;
        if (request.encryptedInvoiceContent() == null || request.encryptedInvoiceContent().isEmpty()) {
            problems.add("'encryptedInvoiceContent' must not be empty.");
        } else {
            ciphertext = base64(request.encryptedInvoiceContent());
            if (ciphertext == null) {
                problems.add("'encryptedInvoiceContent' is not a valid Base64 string.");
            }
        }
        boolean offline = Boolean.TRUE.equals(request.offlineMode());
        if (request.hashOfCorrectedInvoice() != null) {
            checkHash("hashOfCorrectedInvoice", request.hashOfCorrectedInvoice(), false, problems);
            if (!offline) {
                problems.add("'hashOfCorrectedInvoice' may be given only with 'offlineMode' set to true.");
            }
        }
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
        return new ValidatedSend(request.invoiceHash(), request.invoiceSize(), request.encryptedInvoiceHash(),
                request.encryptedInvoiceSize(), ciphertext, offline, request.hashOfCorrectedInvoice());
    }

    /** 21405 when the sizes exceed the session's limit (its context's, as session-service announced it). */
    static void requireWithin(ValidatedSend send, long maxInvoiceSize) {
        List<String> problems = new ArrayList<>();
        checkSize("invoiceSize", send.invoiceSize(), maxInvoiceSize, problems);
        checkSize("encryptedInvoiceSize", send.encryptedInvoiceSize(), maxInvoiceSize + AES_BLOCK, problems);
        if (!problems.isEmpty()) {
            throw KsefException.validation(problems.toArray(String[]::new));
        }
    }

    private static void checkHash(String name, String value, boolean required, List<String> problems) {
        if (value == null || value.isEmpty()) {
            if (required) {
                problems.add("'" + name + "' must not be empty.");
            }
            return;
        }
        if (value.length() != SHA256_BASE64_LENGTH) {
            problems.add(lengthProblem(name, SHA256_BASE64_LENGTH, value));
            return;
        }
        byte[] decoded = base64(value);
        if (decoded == null || decoded.length != 32) {
            problems.add("'" + name + "' is not a valid Base64-encoded SHA-256 hash.");
        }
    }

    private static void checkSize(String name, Long value, long max, List<String> problems) {
        if (value == null) {
            problems.add("'" + name + "' must not be empty.");
        } else if (value < 1) {
            problems.add("'" + name + "' must be greater than or equal to '1'.");
        } else if (value > max) {
            problems.add("'" + name + "' must be less than or equal to '" + max + "'.");
        }
    }

    private static String lengthProblem(String name, int length, String value) {
        return "'" + name + "' must be " + length + " characters in length. You entered "
                + (value == null ? 0 : value.length()) + " characters.";
    }

    private static byte[] base64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}

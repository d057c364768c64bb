package pl.ksefhub.invoice.intake;

import org.junit.jupiter.api.Test;
import pl.ksefhub.platform.error.KsefException;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SendInvoiceValidationTest {

    private static final String REF = "20250625-SO-319D7EE000-B67F415CDC-2C";
    private static final String HASH = "EbrK4cOSjW4hEpJaHU71YXSOZZmqP5++dK9nLgTzgV4=";

    @Test
    void aCompleteRequestPassesWithItsCiphertextDecoded() {
        ValidatedSend send = SendInvoiceValidation.validate(REF, request(6480L, 6496L, "AAECAw=="));
        assertArrayEquals(new byte[]{0, 1, 2, 3}, send.ciphertext());
        assertEquals(6480, send.invoiceSize());
    }

    @Test
    void everyProblemIsReportedAtOnce() {
        KsefException e = assertThrows(KsefException.class, () -> SendInvoiceValidation.validate("short",
                new SendInvoiceRequest(null, null, "x".repeat(44), -1L, "%%%", null, null)));
        assertEquals(21405, e.code());
        assertEquals(List.of(
                "'referenceNumber' must be 36 characters in length. You entered 5 characters.",
                "'invoiceHash' must not be empty.",
                "'invoiceSize' must not be empty.",
                "'encryptedInvoiceHash' is not a valid Base64-encoded SHA-256 hash.",
                "'encryptedInvoiceSize' must be greater than or equal to '1'.",
                "'encryptedInvoiceContent' is not a valid Base64 string."), e.details());
    }

    @Test
    void sizesAreBoundedByTheInvoiceLimit() {
        ValidatedSend send = SendInvoiceValidation.validate(REF, request(1_000_001L, 1_000_017L, "AAAA"));
        KsefException e = assertThrows(KsefException.class,
                () -> SendInvoiceValidation.requireWithin(send, 1_000_000));
        assertEquals(21405, e.code());
        assertEquals(List.of("'invoiceSize' must be less than or equal to '1000000'.",
                "'encryptedInvoiceSize' must be less than or equal to '1000016'."), e.details());
        // A context whose limit was raised (testdata/limits) takes it.
        SendInvoiceValidation.requireWithin(send, 2_000_000);
    }

    @Test
    void aTechnicalCorrectionHashNeedsOfflineMode() {
        KsefException e = assertThrows(KsefException.class, () -> SendInvoiceValidation.validate(REF,
                new SendInvoiceRequest(HASH, 1L, HASH, 16L, "AAAA", false, HASH)));
        assertEquals(List.of("'hashOfCorrectedInvoice' may be given only with 'offlineMode' set to true."),
                e.details());
    }

    @Test
    void aMissingBodyIs21405() {
        assertEquals(21405, assertThrows(KsefException.class,
                () -> SendInvoiceValidation.validate(REF, null)).code());
    }

    private static SendInvoiceRequest request(long size, long encryptedSize, String content) {
        return new SendInvoiceRequest(HASH, size, HASH, encryptedSize, content, false, null);
    }
}

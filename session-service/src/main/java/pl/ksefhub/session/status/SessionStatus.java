package pl.ksefhub.session.status;

import java.util.List;

/**
 * Session statuses with the exact texts of the spec ({@code SessionStatusResponse.status}).
 * See faktury/sesje/sesja-interaktywna-diagram-stanow.
 */
public record SessionStatus(int code, String description, List<String> details) {

    public static final int OPEN = 100;
    /** Batch: closed by the client, the package is being processed. */
    public static final int PROCESSING = 150;
    public static final int CLOSED = 170;
    public static final int PROCESSED = 200;
    public static final int KEY_DECRYPTION_FAILED = 415;
    public static final int CANCELLED = 440;
    public static final int NO_VALID_INVOICES = 445;

    public static SessionStatus onlineOpen() {
        return new SessionStatus(OPEN, "Sesja interaktywna otwarta", List.of());
    }

    public static SessionStatus onlineClosed() {
        return new SessionStatus(CLOSED, "Sesja interaktywna zamknięta", List.of());
    }

    public static SessionStatus onlineProcessed() {
        return new SessionStatus(PROCESSED, "Sesja interaktywna przetworzona pomyślnie", List.of());
    }

    public static SessionStatus batchOpen() {
        return new SessionStatus(OPEN, "Sesja wsadowa rozpoczęta", List.of());
    }

    public static SessionStatus batchProcessing() {
        return new SessionStatus(PROCESSING, "Trwa przetwarzanie", List.of());
    }

    public static SessionStatus batchProcessed() {
        return new SessionStatus(PROCESSED, "Sesja wsadowa przetworzona pomyślnie", List.of());
    }

    /** A batch session not closed within its lifetime, or whose parts did not all arrive within their window. */
    public static SessionStatus cancelledUploadTimeout() {
        return new SessionStatus(CANCELLED, "Sesja anulowana", List.of("Przekroczono czas wysyłki"));
    }

    public static SessionStatus keyDecryptionFailed() {
        return new SessionStatus(KEY_DECRYPTION_FAILED, "Błąd odszyfrowania dostarczonego klucza",
                List.of("Rozszyfrowania klucza symetrycznego zakończone błędem"));
    }

    public static SessionStatus cancelledNoInvoices() {
        return new SessionStatus(CANCELLED, "Sesja anulowana", List.of("Nie przesłano faktur"));
    }

    public static SessionStatus noValidInvoices() {
        return new SessionStatus(NO_VALID_INVOICES, "Błąd weryfikacji, brak poprawnych faktur", List.of());
    }

    /** The {@code CommonSessionStatus} filter of {@code GET /sessions}: which codes each value covers. */
    public static List<Integer> codesOf(String commonStatus) {
        return switch (commonStatus) {
            case "InProgress" -> List.of(100, 150, 170);
            case "Succeeded" -> List.of(200);
            case "Cancelled" -> List.of(440);
            case "Failed" -> List.of(405, 415, 420, 430, 435, 445, 500);
            default -> throw new IllegalArgumentException(commonStatus);
        };
    }
}

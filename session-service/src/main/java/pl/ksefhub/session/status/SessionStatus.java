package pl.ksefhub.session.status;

import java.time.OffsetDateTime;
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
    /** The description while a session is being deleted (ksef-hub's own: KSeF does not delete sessions). */
    public static final String DELETING_DESCRIPTION = "Sesja w trakcie usuwania";

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

    /**
     * A session whose deletion was requested ({@code DELETE /sessions/{ref}}) until it is gone. KSeF has no such
     * state, so the code stays the session's final one (200, 440, 445, ...): a client polling until the code is final
     * stops as before, and the {@code statuses} filter of {@code GET /sessions} still places it; the description
     * and details say that it is going. Once every service has purged it, the session reads as unknown (21173).
     */
    public static SessionStatus beingDeleted(int finalCode, OffsetDateTime requestedAt) {
        return new SessionStatus(finalCode, DELETING_DESCRIPTION,
                List.of("Usunięcie sesji zlecono " + requestedAt + "; jej dane są usuwane ze wszystkich usług."));
    }

    /** Open (100), being processed (150 batch, 170 closed and not final): not yet a state a session may leave. */
    public static boolean inProgress(int code) {
        return code == OPEN || code == 150 || code == CLOSED;
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

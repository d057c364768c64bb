package pl.ksefhub.invoice.store;

/**
 * Statuses of an invoice in a session, with the exact descriptions of the KSeF API ({@code InvoiceStatusInfo},
 * see the status table of {@code SessionInvoiceStatusResponse}).
 */
public enum InvoiceStatus {
    RECEIVED(100, "Faktura przyjęta do dalszego przetwarzania"),
    PROCESSING(150, "Trwa przetwarzanie"),
    ACCEPTED(200, "Sukces"),
    CANCELLED_BY_SESSION_ERROR(405, "Przetwarzanie anulowane z powodu błędu sesji"),
    WRONG_PERMISSIONS(410, "Nieprawidłowy zakres uprawnień"),
    ATTACHMENT_NOT_ALLOWED(415, "Brak możliwości wysyłania faktury z załącznikiem"),
    FILE_VERIFICATION_FAILED(430, "Błąd weryfikacji pliku faktury"),
    DECRYPTION_FAILED(435, "Błąd odszyfrowania pliku"),
    DUPLICATE(440, "Duplikat faktury"),
    SEMANTIC_VERIFICATION_FAILED(450, "Błąd weryfikacji semantyki dokumentu faktury"),
    CANCELLED_BY_SYSTEM(550, "Operacja została anulowana przez system");

    private final int code;
    private final String description;

    InvoiceStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }

    public int code() {
        return code;
    }

    public String description() {
        return description;
    }

    /** Final and not a success: listed by {@code GET /sessions/{ref}/invoices/failed}. */
    public static boolean isFailure(int code) {
        return code >= 400;
    }
}

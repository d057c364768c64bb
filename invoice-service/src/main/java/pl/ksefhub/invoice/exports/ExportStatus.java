package pl.ksefhub.invoice.exports;

/** The export statuses of the spec's {@code InvoiceExportStatusResponse.status}. */
enum ExportStatus {
    IN_PROGRESS(100, "Eksport faktur w toku"),
    DONE(200, "Eksport faktur zakończony sukcesem"),
    EXPIRED(210, "Eksport faktur wygasł i nie jest już dostępny do pobrania"),
    KEY_FAILED(415, "Błąd odszyfrowania dostarczonego klucza"),
    OUT_OF_RANGE(420, "Zakres filtrowania wykracza poza dostępny zakres danych"),
    FAILED(500, "Nieznany błąd (500)"),
    CANCELLED(550, "Operacja została anulowana przez system");

    final int code;
    final String description;

    ExportStatus(int code, String description) {
        this.code = code;
        this.description = description;
    }
}

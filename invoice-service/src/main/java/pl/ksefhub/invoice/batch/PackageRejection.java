package pl.ksefhub.invoice.batch;

import java.util.List;

/**
 * Why a package failed, as the session status that says so (sesja-wsadowa-diagram-stanow; NOTES.md §3.2 and the
 * official tests' texts).
 */
final class PackageRejection extends Exception {

    final BatchEvents.Status status;

    private PackageRejection(int code, String description, String detail) {
        super(description + ": " + detail);
        this.status = new BatchEvents.Status(code, description, List.of(detail));
    }

    static PackageRejection partInvalid(String detail) {
        return new PackageRejection(405, "Błąd weryfikacji poprawności dostarczonych elementów paczki", detail);
    }

    static PackageRejection keyDecryptionFailed() {
        return new PackageRejection(415, "Błąd odszyfrowania dostarczonego klucza",
                "Rozszyfrowania klucza symetrycznego zakończone błędem");
    }

    static PackageRejection tooManyInvoices(int limit, int count) {
        return new PackageRejection(420, "Przekroczony limit faktur w sesji",
                "Przekroczono dopuszczalną liczbę faktur w paczce: '%d'. Liczba faktur w paczce: '%d'."
                        .formatted(limit, count));
    }

    /** The official tests expect the archive's hash mismatch here (430), with this detail. */
    static PackageRejection archiveInvalid(String detail) {
        return new PackageRejection(430, "Błąd dekompresji pierwotnego archiwum", detail);
    }

    static PackageRejection partDecryptionFailed(int ordinalNumber) {
        return new PackageRejection(435, "Błąd odszyfrowania zaszyfrowanych części archiwum",
                "Nie udało się odszyfrować części '%d'.".formatted(ordinalNumber));
    }

    static PackageRejection empty() {
        return new PackageRejection(440, "Sesja anulowana", "Brak faktur w paczce");
    }

    static PackageRejection unknown() {
        return new PackageRejection(500, "Nieznany błąd (500)",
                "Przetwarzanie paczki zostało przerwane z przyczyn wewnętrznych systemu.");
    }
}

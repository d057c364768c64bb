package pl.ksefhub.session.certificates;

import pl.ksefhub.platform.error.KsefException;

/** The 400s of {@code /certificates/**}: codes and descriptions as the spec's tables give them. */
final class CertificateErrors {

    private CertificateErrors() {
    }

    static KsefException noEnrollmentDataForMethod() {
        return KsefException.badRequest(25001,
                "Brak możliwości pobrania danych do CSR dla wykorzystanego sposobu uwierzytelnienia.");
    }

    static KsefException noEnrollmentForMethod() {
        return KsefException.badRequest(25002,
                "Brak możliwości złożenia wniosku certyfikacyjnego dla wykorzystanego sposobu uwierzytelnienia.");
    }

    static KsefException subjectMismatch(String detail) {
        return KsefException.badRequest(25003,
                "Dane w CSR nie zgadzają się z danymi w użytym wektorze uwierzytelniającym.", detail);
    }

    static KsefException malformedCsr(String detail) {
        return KsefException.badRequest(25004, "Niepoprawny format CSR lub niepoprawny podpis CSR.", detail);
    }

    static KsefException enrollmentNotFound(String referenceNumber) {
        return KsefException.badRequest(25005,
                "Wniosek certyfikacyjny o podanym numerze referencyjnym nie istnieje.",
                "Wniosek certyfikacyjny %s nie został znaleziony.".formatted(referenceNumber));
    }

    static KsefException enrollmentLimitReached() {
        return KsefException.badRequest(25006,
                "Osiągnięto limit możliwych do złożenia wniosków certyfikacyjnych.");
    }

    static KsefException certificateLimitReached() {
        return KsefException.badRequest(25007, "Osiągnięto limit dopuszczalnej liczby posiadanych certyfikatów.");
    }

    static KsefException certificateNotFound(String serialNumber) {
        return KsefException.badRequest(25008, "Certyfikat o podanym numerze seryjnym nie istnieje.",
                "Certyfikat %s nie został znaleziony.".formatted(serialNumber));
    }

    static KsefException notRevocable(String status) {
        return KsefException.badRequest(25009, "Nie można odwołać wskazanego certyfikatu, ponieważ jest już"
                        + " odwołany, zablokowany lub nieważny.",
                "Status certyfikatu: %s.".formatted(status));
    }

    static KsefException badKey(String detail) {
        return KsefException.badRequest(25010, "Nieprawidłowy typ lub długość klucza.", detail);
    }

    static KsefException badSignatureAlgorithm(String detail) {
        return KsefException.badRequest(25011, "Nieprawidłowy algorytm podpisu CSR.", detail);
    }
}

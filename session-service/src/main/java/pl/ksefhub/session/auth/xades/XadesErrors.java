package pl.ksefhub.session.auth.xades;

import pl.ksefhub.platform.error.KsefException;

/** The 400s of {@code POST /auth/xades-signature}, codes and descriptions as the spec's error table gives them. */
final class XadesErrors {

    private XadesErrors() {
    }

    static KsefException unreadable(String detail) {
        return KsefException.badRequest(21001, "Nieczytelna treść.", detail);
    }

    static KsefException badCertificate(String detail) {
        return KsefException.badRequest(21115, "Nieprawidłowy certyfikat.", detail);
    }

    static KsefException badContextIdentifier(String detail) {
        return KsefException.badRequest(21117, "Nieprawidłowy identyfikator podmiotu dla wskazanego typu kontekstu.",
                detail);
    }

    static KsefException badEncoding() {
        return KsefException.badRequest(21217, "Nieprawidłowe kodowanie znaków.");
    }

    static KsefException schema(String detail) {
        return KsefException.badRequest(21401, "Dokument nie jest zgodny ze schemą (xsd).", detail);
    }

    static KsefException signatureConflictsWithSubjectType(String detail) {
        return KsefException.badRequest(21406, "Konflikt podpisu i typu uwierzytelnienia.", detail);
    }

    static KsefException invalidDocument(String detail) {
        return KsefException.badRequest(9101, "Nieprawidłowy dokument.", detail);
    }

    static KsefException missingSignature() {
        return KsefException.badRequest(9102, "Brak podpisu.");
    }

    static KsefException tooManySignatures() {
        return KsefException.badRequest(9103, "Przekroczona liczba dozwolonych podpisów.");
    }

    static KsefException invalidSignature(String detail) {
        return KsefException.badRequest(9105, "Nieprawidłowy podpis.", detail);
    }
}

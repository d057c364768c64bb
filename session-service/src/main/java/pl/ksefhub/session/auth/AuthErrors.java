package pl.ksefhub.session.auth;

import pl.ksefhub.platform.error.KsefException;

/** The 400s of {@code /auth/**}: codes, descriptions and details as the spec's tables give them. */
public final class AuthErrors {

    private AuthErrors() {
    }

    /** Unknown, expired or already used challenge. */
    public static KsefException invalidChallenge() {
        return KsefException.badRequest(21111, "Nieprawidłowe wyzwanie autoryzacyjne.");
    }

    static KsefException operationNotFound(String referenceNumber) {
        return KsefException.badRequest(21304, "Brak uwierzytelnienia.",
                "Operacja uwierzytelniania o numerze referencyjnym %s nie została znaleziona."
                        .formatted(referenceNumber));
    }

    static KsefException alreadyRedeemed(String referenceNumber) {
        return notAuthorized("Tokeny dla operacji uwierzytelniania %s zostały już pobrane."
                .formatted(referenceNumber));
    }

    static KsefException statusForbidsRedeem(int statusCode) {
        return notAuthorized("Status uwierzytelniania (%d) nie pozwala na pobranie tokenów.".formatted(statusCode));
    }

    /**
     * "uwierzytelnienia", not the spec table's "uwierzytelniania": the official Java SDK's SessionIntegrationTest
     * asserts this text as the KSeF test environment sends it.
     */
    static KsefException statusForbidsRefresh(int statusCode) {
        return notAuthorized("Status uwierzytelnienia (%d) nie pozwala na odświeżenie tokenu dostępowego."
                .formatted(statusCode));
    }

    static KsefException ksefTokenRevoked() {
        return notAuthorized("Token KSeF został unieważniony.");
    }

    private static KsefException notAuthorized(String detail) {
        return KsefException.badRequest(21301, "Brak autoryzacji.", detail);
    }
}

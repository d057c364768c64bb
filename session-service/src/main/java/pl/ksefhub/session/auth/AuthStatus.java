package pl.ksefhub.session.auth;

import java.util.List;

/**
 * The status of an authentication operation ({@code GET /auth/{referenceNumber}}), codes and Polish texts as the
 * spec's {@code AuthenticationOperationStatusResponse.status} table lists them.
 */
public record AuthStatus(int code, String description, List<String> details) {

    public static final int IN_PROGRESS = 100;
    public static final int SUCCEEDED = 200;
    public static final int NO_PERMISSIONS = 415;
    public static final int REVOKED = 425;
    public static final int BAD_TOKEN = 450;
    public static final int CERTIFICATE_ERROR = 460;
    public static final int DECEASED = 470;
    public static final int BLOCKED = 480;

    static final String BAD_TOKEN_DESCRIPTION =
            "Uwierzytelnianie zakończone niepowodzeniem z powodu błędnego tokenu";

    public AuthStatus {
        details = List.copyOf(details);
    }

    public static AuthStatus inProgress() {
        return new AuthStatus(IN_PROGRESS, "Uwierzytelnianie w toku", List.of());
    }

    public static AuthStatus succeeded() {
        return new AuthStatus(SUCCEEDED, "Uwierzytelnianie zakończone sukcesem", List.of());
    }

    /** The authenticating subject holds no permission in the requested context. */
    public static AuthStatus noPermissions() {
        return new AuthStatus(NO_PERMISSIONS, "Uwierzytelnianie zakończone niepowodzeniem",
                List.of("Brak przypisanych uprawnień"));
    }

    public static AuthStatus revoked() {
        return new AuthStatus(REVOKED, "Uwierzytelnienie unieważnione",
                List.of("Uwierzytelnienie i powiązane refresh tokeny zostały unieważnione przez użytkownika"));
    }

    /** The ciphertext does not decrypt, or names no token we know. */
    public static AuthStatus invalidToken() {
        return badToken("Nieprawidłowy token");
    }

    /** The timestamp after the token is not the challenge's. */
    public static AuthStatus invalidTokenTime() {
        return badToken("Nieprawidłowy czas tokena");
    }

    public static AuthStatus tokenRevoked() {
        return badToken("Token unieważniony");
    }

    public static AuthStatus tokenInactive() {
        return badToken("Token nieaktywny");
    }

    /** The signing certificate is not valid now, or does not chain to a trusted anchor. */
    public static AuthStatus certificateError(String detail) {
        return new AuthStatus(CERTIFICATE_ERROR,
                "Uwierzytelnianie zakończone niepowodzeniem z powodu błędu certyfikatu", List.of(detail));
    }

    /** The subject is a deceased person. */
    public static AuthStatus deceased() {
        return new AuthStatus(DECEASED, "Uwierzytelnianie zakończone niepowodzeniem",
                List.of("Próba wykorzystania metod autoryzacyjnych osoby zmarłej"));
    }

    /** Authentication in the context is blocked (a suspected security incident; /testdata/context/block). */
    public static AuthStatus blocked() {
        return new AuthStatus(BLOCKED, "Uwierzytelnienie zablokowane",
                List.of("Podejrzenie incydentu bezpieczeństwa. Skontaktuj się z Ministerstwem Finansów przez"
                        + " formularz zgłoszeniowy."));
    }

    private static AuthStatus badToken(String detail) {
        return new AuthStatus(BAD_TOKEN, BAD_TOKEN_DESCRIPTION, List.of(detail));
    }
}

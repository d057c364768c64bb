package pl.ksefhub.session.terminate;

import pl.ksefhub.platform.error.KsefException;

import java.util.List;

/**
 * The refusals of {@code Session/Terminate}. KSeF 1.0 answered both in its {@code ExceptionResponse}
 * ({@code {"exception": {"serviceCtx", "serviceCode", "serviceName", "timestamp", "referenceNumber",
 * "exceptionDetailList": [{"exceptionCode", "exceptionDescription"}]}}}), the 401 too; so do we, with the KSeF 2.0
 * codes that mean the same (the platform's 401 is problem details, which a KSeF 1.0 client does not read).
 */
final class TerminateErrors {

    /** KSeF 2.0's "no authentication" code. */
    static final int NOT_AUTHENTICATED = 21304;
    /** KSeF 2.0's "no such session" code; its text speaks of a reference number, which this call has none of. */
    static final int NO_SESSION = 21173;

    private TerminateErrors() {
    }

    static KsefException unauthorized() {
        return new KsefException(401, NOT_AUTHENTICATED, "Brak uwierzytelnienia.",
                List.of("Nagłówek SessionToken nie zawiera ważnego tokena dostępowego."));
    }

    static KsefException noOpenSession(String contextType, String contextValue) {
        return KsefException.badRequest(NO_SESSION, "Brak aktywnej sesji interaktywnej.",
                "Kontekst %s %s nie ma otwartej sesji interaktywnej.".formatted(contextType, contextValue));
    }
}

package pl.ksefhub.session.terminate;

import java.time.OffsetDateTime;

/** The body of KSeF 1.0's {@code GET /online/Session/Terminate}, field for field as KSeF 1.0 answered it. */
public final class TerminateApi {

    private TerminateApi() {
    }

    /**
     * @param processingCode        200: the session was ended
     * @param processingDescription the Polish text of that code
     * @param referenceNumber       the session ended (the newest, when several were)
     * @param timestamp             when it was ended
     */
    public record TerminateSessionResponse(int processingCode, String processingDescription, String referenceNumber,
                                           OffsetDateTime timestamp) {
    }
}

package pl.ksefhub.session.ticket;

import java.time.OffsetDateTime;
import java.util.List;

/**
 * Bodies of {@code POST /v2/tickets/{contextNip}}, published as JSON Schema and XSD under
 * {@code src/main/resources/schemas/ticket/}; in XML the same fields in PascalCase, in the namespace
 * {@link TokenTicketXml#NAMESPACE}.
 */
public final class TicketApi {

    public static final String KSEF_TOKEN = "KsefToken";
    public static final String ACCESS_TOKEN = "AccessToken";

    private TicketApi() {
    }

    /** {@code {"data": "<token>"}}, or {@code <TokenTicketRequest><Data>…</Data></TokenTicketRequest>}. */
    public record TokenTicketRequest(String data) {
    }

    /** {@code TokenContextIdentifierTypeIdentifier} and {@code TokenAuthorIdentifierTypeIdentifier} of the spec. */
    public record Identifier(String type, String value) {
    }

    /**
     * Who a token is.
     *
     * @param referenceNumber   the KSeF token's (EC), or the access token's authentication operation (AU)
     * @param tokenType         {@link #KSEF_TOKEN} or {@link #ACCESS_TOKEN}
     * @param contextIdentifier the context it acts in
     * @param authorIdentifier  whom it authorizes: a KSeF token's author, an access token's subject
     * @param permissions       what it may do there, sorted
     * @param status            the spec's {@code AuthenticationTokenStatus}
     * @param validUntil        an access token's expiry; null for KSeF tokens, which do not expire
     * @param hasExpired        true once {@code validUntil} has passed
     */
    public record TokenTicket(String referenceNumber, String tokenType, Identifier contextIdentifier,
                              Identifier authorIdentifier, List<String> permissions, String status,
                              OffsetDateTime validUntil, boolean hasExpired) {
    }
}

package pl.ksefhub.session.ticket;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.AccessTokenVerifier;
import pl.ksefhub.platform.auth.JwtCodec;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.auth.TokenType;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.auth.AuthOperation;
import pl.ksefhub.session.auth.AuthOperationRepository;
import pl.ksefhub.session.auth.AuthStatus;
import pl.ksefhub.session.auth.KsefToken;
import pl.ksefhub.session.auth.KsefTokenRepository;
import pl.ksefhub.session.auth.KsefTokenService;
import pl.ksefhub.session.auth.KsefTokens;
import pl.ksefhub.session.ticket.TicketApi.Identifier;
import pl.ksefhub.session.ticket.TicketApi.TokenTicket;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;

/**
 * Tickets: who a token is. Two kinds of token are known here: KSeF tokens (by the hash of the whole string, as
 * login finds them) and our access tokens (by their signature; expired ones too, so that a ticket can say so).
 * Anything else is unknown (404), and so is a token of another context than the one asked about: to a caller of
 * one context, another's token must look exactly like one never issued (ContextIsolationSystemIT).
 */
@ApplicationScoped
public class TokenTicketService {

    static final int MAX_DATA_LENGTH = 4096;

    private final KsefTokenRepository ksefTokens;
    private final AuthOperationRepository operations;
    private final AccessTokenVerifier verifier;

    public TokenTicketService(KsefTokenRepository ksefTokens, AuthOperationRepository operations,
                              AccessTokenVerifier verifier) {
        this.ksefTokens = ksefTokens;
        this.operations = operations;
        this.verifier = verifier;
    }

    /** The {@code data} of a request, checked as the published schemas check it. */
    static String validData(String data) {
        if (data == null || data.isBlank()) {
            throw KsefException.validation("'data' must not be empty.");
        }
        if (data.length() > MAX_DATA_LENGTH) {
            throw KsefException.validation("The length of 'data' must be %d characters or fewer. You entered %d"
                    .formatted(MAX_DATA_LENGTH, data.length()) + " characters.");
        }
        return data.trim();
    }

    @WithSession
    public Uni<TokenTicket> ticket(String contextNip, String token) {
        if (KsefTokens.parse(token).isPresent()) {
            return ksefTokens.findBySecret(token).map(found -> ksefTokenTicket(contextNip, found));
        }
        KsefPrincipal principal;
        try {
            principal = verifier.introspect(token);
        } catch (JwtCodec.InvalidTokenException e) {
            throw unknownToken();
        }
        if (principal.tokenType() != TokenType.ContextToken) {
            throw unknownToken();
        }
        requireContext(contextNip, principal.contextType(), principal.contextValue());
        return operations.findById(principal.authReferenceNumber())
                .map(operation -> accessTokenTicket(principal, operation));
    }

    private static TokenTicket ksefTokenTicket(String contextNip, KsefToken token) {
        if (token == null) {
            throw unknownToken();
        }
        requireContext(contextNip, token.contextType, token.contextValue);
        return new TokenTicket(token.referenceNumber, TicketApi.KSEF_TOKEN,
                new Identifier(token.contextType, token.contextValue),
                new Identifier(token.authorType, token.authorValue), sorted(token.permissionList()),
                token.status.name(), null, false);
    }

    /**
     * An access token stays valid until it expires even when its authentication is revoked (KSeF's rule, unless
     * {@code ksef.auth.revoke-access-tokens}); the ticket says Revoked all the same, as that session is over.
     */
    private static TokenTicket accessTokenTicket(KsefPrincipal principal, AuthOperation operation) {
        boolean revoked = operation != null && operation.statusCode == AuthStatus.REVOKED;
        OffsetDateTime validUntil = OffsetDateTime.ofInstant(principal.expiresAt(), ZoneOffset.UTC);
        return new TokenTicket(principal.authReferenceNumber(), TicketApi.ACCESS_TOKEN,
                new Identifier(principal.contextType(), principal.contextValue()),
                new Identifier(KsefTokenService.authorType(principal.subject()), principal.subject()),
                sorted(principal.permissions()),
                revoked ? KsefToken.Status.Revoked.name() : KsefToken.Status.Active.name(), validUntil,
                !principal.expiresAt().isAfter(Instant.now()));
    }

    private static void requireContext(String contextNip, String contextType, String contextValue) {
        if (!"Nip".equals(contextType) || !contextNip.equals(contextValue)) {
            throw unknownToken();
        }
    }

    private static List<String> sorted(Collection<String> permissions) {
        return permissions.stream().sorted().toList();
    }

    /** Not a KSeF code: KSeF has no such operation. The same shape as the platform's other non-KSeF refusals. */
    static KsefException unknownToken() {
        return new KsefException(404, 404, "Nie znaleziono tokena.",
                List.of("Przekazany token nie jest tokenem KSeF ani tokenem dostępowym tej instalacji."));
    }
}

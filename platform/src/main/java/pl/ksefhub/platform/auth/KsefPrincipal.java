package pl.ksefhub.platform.auth;

import java.time.Instant;
import java.util.Set;

/**
 * Who calls, in which context, with which permissions: read from a verified bearer token.
 *
 * @param authReferenceNumber the authentication operation ({@code arn}), also the auth session
 * @param contextType         {@code Nip}, {@code InternalId}, {@code NipVatUe} or {@code PeppolId} ({@code cit})
 * @param contextValue        the context identifier ({@code civ})
 * @param subject             who authenticated (NIP, PESEL, fingerprint or token reference)
 * @param authMethod          {@code aum}: Token, QualifiedSeal, …
 * @param ksefTokenReference  the KSeF token's reference number when authenticated with a KSeF token, else null
 * @param authDocumentHash    SHA-256 (base64) of the signed auth document for XAdES authentication, else null
 */
public record KsefPrincipal(TokenType tokenType,
                            String authReferenceNumber,
                            String contextType,
                            String contextValue,
                            String subject,
                            String authMethod,
                            String ksefTokenReference,
                            String authDocumentHash,
                            Set<String> permissions,
                            Instant expiresAt,
                            String tokenId) {

    public boolean hasAny(String... anyOf) {
        for (String permission : anyOf) {
            if (permissions.contains(permission)) {
                return true;
            }
        }
        return false;
    }

    /** True when this principal acts in the given context. */
    public boolean inContext(String type, String value) {
        return contextType.equals(type) && contextValue.equals(value);
    }
}

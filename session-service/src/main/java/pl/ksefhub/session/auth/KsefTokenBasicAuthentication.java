package pl.ksefhub.session.auth;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.BasicCredentials;
import pl.ksefhub.platform.error.AuthenticationRequiredException;

import java.util.List;

/**
 * HTTP Basic with a NIP as login and a KSeF token of that NIP as password, for the endpoints that also take it
 * besides an access token (the shape of the APIs they follow: {@code curl --user NIP:token}). Only an active token
 * of the NIP's own context passes; it proves the caller acts in that context.
 */
@ApplicationScoped
public class KsefTokenBasicAuthentication {

    private final KsefTokenRepository tokens;

    public KsefTokenBasicAuthentication(KsefTokenRepository tokens) {
        this.tokens = tokens;
    }

    /** Who the credentials prove the caller to be: the context of the token, and what the token may do. */
    public record TokenCaller(String contextType, String contextValue, String tokenReference,
                              List<String> permissions) {
    }

    /**
     * Call within a Hibernate Reactive session.
     *
     * @throws AuthenticationRequiredException (in the Uni) for an unknown, inactive or foreign token
     */
    public Uni<TokenCaller> authenticate(BasicCredentials credentials) {
        return tokens.findBySecret(credentials.password()).map(token -> {
            if (token == null || token.status != KsefToken.Status.Active || !"Nip".equals(token.contextType)
                    || !token.contextValue.equals(credentials.login())) {
                throw new AuthenticationRequiredException("no active KSeF token of NIP " + credentials.login());
            }
            return new TokenCaller(token.contextType, token.contextValue, token.referenceNumber,
                    token.permissionList());
        });
    }
}

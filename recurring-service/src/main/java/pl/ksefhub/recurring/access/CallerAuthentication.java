package pl.ksefhub.recurring.access;

import pl.ksefhub.platform.auth.SecretHashes;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.BasicCredentials;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.AuthenticationRequiredException;
import pl.ksefhub.platform.error.ForbiddenException;

import java.util.List;

/**
 * The two ways into the recurring-documents API: the platform's Bearer access token, and HTTP Basic with the
 * context NIP as login and a KSeF token as password (how the API this one follows is called: {@code curl --user}).
 * Either way the caller acts in one context and needs one of the endpoint's permissions.
 */
@ApplicationScoped
public class CallerAuthentication {

    private final KsefAuth auth;
    private final KsefTokenRepository tokens;

    public CallerAuthentication(KsefAuth auth, KsefTokenRepository tokens) {
        this.auth = auth;
        this.tokens = tokens;
    }

    public Uni<Caller> authenticate(String authorization, String... anyOfPermissions) {
        return Uni.createFrom().item(() -> BasicCredentials.from(authorization)).chain(basic -> basic.isPresent()
                ? basic(basic.get(), anyOfPermissions)
                : Uni.createFrom().item(() -> {
                    KsefPrincipal principal = auth.requireAccess(authorization, anyOfPermissions);
                    return new Caller(principal.contextType(), principal.contextValue());
                }));
    }

    private Uni<Caller> basic(BasicCredentials credentials, String... anyOfPermissions) {
        String login = credentials.login();
        return tokens.findActiveByHash(SecretHashes.sha256Hex(credentials.password())).map(found -> {
            KsefTokenEntry entry = found.stream().filter(t -> login.equals(t.contextValue)).findFirst()
                    .orElseThrow(() -> new AuthenticationRequiredException("unknown or revoked KSeF token for "
                            + login));
            List<String> present = entry.permissionList();
            if (anyOfPermissions.length > 0 && List.of(anyOfPermissions).stream().noneMatch(present::contains)) {
                throw ForbiddenException.missingPermissions(List.of(anyOfPermissions), present);
            }
            return new Caller(entry.contextType, entry.contextValue);
        });
    }
}

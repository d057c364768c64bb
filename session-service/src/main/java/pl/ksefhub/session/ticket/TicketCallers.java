package pl.ksefhub.session.ticket;

import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.platform.auth.BasicCredentials;
import pl.ksefhub.platform.auth.KsefAuth;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.ForbiddenException;
import pl.ksefhub.platform.error.KsefException;
import pl.ksefhub.session.auth.KsefTokenBasicAuthentication;
import pl.ksefhub.session.auth.KsefTokens;

import java.util.Map;
import java.util.Optional;

/**
 * Who may ask for tickets of a NIP context: a caller acting in that context, with an access token of it
 * ({@code Authorization: Bearer}) or with HTTP Basic, the NIP and one of its active KSeF tokens. Any permission
 * will do: a ticket tells about a token the caller already holds.
 */
@ApplicationScoped
public class TicketCallers {

    private final KsefAuth auth;
    private final KsefTokenBasicAuthentication basicAuth;

    public TicketCallers(KsefAuth auth, KsefTokenBasicAuthentication basicAuth) {
        this.auth = auth;
        this.basicAuth = basicAuth;
    }

    /**
     * @throws pl.ksefhub.platform.error.AuthenticationRequiredException 401: no valid credentials
     * @throws KsefException                                            400: {@code contextNip} is no NIP
     * @throws ForbiddenException                                       403: the caller acts in another context
     */
    @WithSession
    public Uni<Void> requireContext(String authorization, String contextNip) {
        return Uni.createFrom().deferred(() -> callerContext(authorization)).invoke(caller -> {
            if (contextNip == null || !KsefTokens.NIP.matcher(contextNip).matches()) {
                throw KsefException.validation("'contextNip' is not a valid NIP: '%s'.".formatted(contextNip));
            }
            if (!caller.isNip(contextNip)) {
                throw notOfContext();
            }
        }).replaceWithVoid();
    }

    private record CallerContext(String type, String value) {

        boolean isNip(String nip) {
            return "Nip".equals(type) && nip.equals(value);
        }
    }

    private Uni<CallerContext> callerContext(String authorization) {
        Optional<BasicCredentials> basic = BasicCredentials.from(authorization);
        if (basic.isPresent()) {
            return basicAuth.authenticate(basic.get())
                    .map(caller -> new CallerContext(caller.contextType(), caller.contextValue()));
        }
        KsefPrincipal principal = auth.requireAccess(authorization);
        return Uni.createFrom().item(new CallerContext(principal.contextType(), principal.contextValue()));
    }

    static ForbiddenException notOfContext() {
        return new ForbiddenException("insufficient-resource-access", ForbiddenException.RESOURCE_ACCESS_DETAIL,
                Map.of());
    }
}

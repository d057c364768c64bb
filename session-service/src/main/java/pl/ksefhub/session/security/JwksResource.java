package pl.ksefhub.session.security;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import pl.ksefhub.platform.auth.Jwks;

import java.util.Map;

/** The public keys of the bearer tokens, for invoice-service, upo-service and recurring-service to verify them. */
@Path("/v2/.well-known/jwks.json")
public class JwksResource {

    private final TokenSigningKey signingKey;

    public JwksResource(TokenSigningKey signingKey) {
        this.signingKey = signingKey;
    }

    @GET
    @NonBlocking
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> jwks() {
        return Jwks.toJson(signingKey.publicKeys());
    }
}

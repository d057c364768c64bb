package pl.ksefhub.platform.auth;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Authentication sessions revoked before their tokens expire. Fed by each service from session-service's
 * revocation events, so a revoked session stops working everywhere within seconds.
 */
@ApplicationScoped
public class RevokedTokens {

    private final Set<String> revokedAuthReferences = ConcurrentHashMap.newKeySet();

    public void revoke(String authReferenceNumber) {
        revokedAuthReferences.add(authReferenceNumber);
    }

    public boolean isRevoked(String authReferenceNumber) {
        return revokedAuthReferences.contains(authReferenceNumber);
    }
}

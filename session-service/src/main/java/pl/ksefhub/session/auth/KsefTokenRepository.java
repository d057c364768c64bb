package pl.ksefhub.session.auth;

import pl.ksefhub.platform.auth.SecretHashes;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
public class KsefTokenRepository implements PanacheRepositoryBase<KsefToken, String> {

    public Uni<KsefToken> findBySecret(String token) {
        return findBySecretHash(SecretHashes.sha256Hex(token));
    }

    public Uni<KsefToken> findBySecretHash(String secretHash) {
        return find("secretHash", secretHash).firstResult();
    }
}

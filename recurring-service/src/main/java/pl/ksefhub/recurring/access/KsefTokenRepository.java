package pl.ksefhub.recurring.access;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
@WithSession
public class KsefTokenRepository implements PanacheRepositoryBase<KsefTokenEntry, String> {

    /** Active (activated, not revoked) tokens with this hash; normally one. */
    public Uni<List<KsefTokenEntry>> findActiveByHash(String tokenSha256) {
        return list("tokenSha256 = ?1 and activatedAt is not null and revokedAt is null", tokenSha256);
    }
}

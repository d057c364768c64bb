package pl.ksefhub.session.certificates;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class KsefCertificateRepository implements PanacheRepositoryBase<KsefCertificate, String> {

    /** The subject's certificates, newest request first (the spec's sort of {@code /certificates/query}). */
    Uni<List<KsefCertificate>> ofSubject(String subjectValue) {
        return list("subjectValue = ?1 order by requestedAt desc, serialNumber", subjectValue);
    }

    Uni<Long> countActive(String subjectValue, OffsetDateTime now) {
        return count("subjectValue = ?1 and status = ?2 and validTo > ?3", subjectValue, KsefCertificate.ACTIVE,
                now);
    }

    /**
     * Serialises the requests of one subject until the transaction ends, so that two at once cannot both pass the
     * limits (a transaction-scoped advisory lock; other subjects are not held up).
     */
    Uni<Void> lockSubject(String subjectValue) {
        return Panache.getSession().chain(session -> session.createNativeQuery(
                        "select 1 from (select pg_advisory_xact_lock(hashtext(?1))) locked", Integer.class)
                .setParameter(1, "ksef-certificates:" + subjectValue).getSingleResult()).replaceWithVoid();
    }

    /** Whether another subject holds a certificate of this public key. */
    Uni<Boolean> keyCertifiedForOther(String publicKeyHash, String subjectValue) {
        return count("publicKeyHash = ?1 and subjectValue <> ?2", publicKeyHash, subjectValue).map(n -> n > 0);
    }
}

package pl.ksefhub.recurring.schedule;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;

@ApplicationScoped
@WithSession
public class OccurrenceRepository implements PanacheRepositoryBase<Occurrence, Long> {

    /**
     * The occurrence with this correlation id, locked: invoice and UPO events of one occurrence arrive on different
     * topics, possibly at once, and exactly one of them must see both and queue the e-mail.
     */
    public Uni<Occurrence> lockByCorrelationId(String correlationId) {
        return find("correlationId", correlationId).withLock(LockModeType.PESSIMISTIC_WRITE).firstResult();
    }
}

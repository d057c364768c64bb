package pl.ksefhub.session.availability;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;

@ApplicationScoped
public class AvailabilityIncidentRepository implements PanacheRepositoryBase<AvailabilityIncident, Integer> {

    /** The failure in progress, or null. */
    Uni<AvailabilityIncident> open() {
        return find("endedAt is null").firstResult();
    }

    /** Ends it unless another replica did; true when this call ended it. */
    Uni<Boolean> end(int eventId, OffsetDateTime now) {
        return update("endedAt = ?1 where eventId = ?2 and endedAt is null", now, eventId).map(rows -> rows == 1);
    }
}

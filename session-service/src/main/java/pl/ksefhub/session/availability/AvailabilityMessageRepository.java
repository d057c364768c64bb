package pl.ksefhub.session.availability;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.session.availability.LatarniaApi.Category;
import pl.ksefhub.session.availability.LatarniaApi.MessageType;

import java.time.OffsetDateTime;
import java.util.List;

@ApplicationScoped
public class AvailabilityMessageRepository implements PanacheRepositoryBase<AvailabilityMessage, String> {

    /** Published since {@code since}, or not ended by {@code now}; newest publication first. */
    Uni<List<AvailabilityMessage>> current(OffsetDateTime since, OffsetDateTime now) {
        return list("publishedAt >= ?1 or endAt is null or endAt > ?2 order by publishedAt desc, id desc", since, now);
    }

    Uni<AvailabilityMessage> maintenance(int eventId) {
        return find("eventId = ?1 and category = ?2", eventId, Category.MAINTENANCE).firstResult();
    }

    Uni<AvailabilityMessage> failureStart(int eventId) {
        return find("eventId = ?1 and type = ?2", eventId, MessageType.FAILURE_START).firstResult();
    }
}

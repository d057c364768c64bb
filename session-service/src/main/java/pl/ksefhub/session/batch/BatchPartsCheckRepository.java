package pl.ksefhub.session.batch;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.Map;

@ApplicationScoped
public class BatchPartsCheckRepository implements PanacheRepositoryBase<BatchPartsCheck, String> {

    /**
     * Records invoice-service's answer to a check; the first answer stays (a redelivered one changes nothing).
     *
     * @param lowestMissingOrdinal null when invoice-service had every declared part
     * @return 0 for a check not (or no longer) known: asked by a close whose session was deleted since
     */
    public Uni<Integer> answered(String checkId, Integer lowestMissingOrdinal, OffsetDateTime answeredAt) {
        // Map.of refuses the null of "nothing missing".
        Map<String, Object> parameters = new HashMap<>();
        parameters.put("id", checkId);
        parameters.put("missing", lowestMissingOrdinal);
        parameters.put("at", answeredAt);
        return update("answeredAt = :at, lowestMissingOrdinal = :missing where checkId = :id and answeredAt is null",
                parameters);
    }
}

package pl.ksefhub.session.batch;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class BatchPartRepository implements PanacheRepositoryBase<BatchPart, BatchPart.Key> {

    public Uni<List<BatchPart>> ofSession(String sessionReferenceNumber) {
        return list("sessionReferenceNumber", Sort.ascending("ordinalNumber"), sessionReferenceNumber);
    }

    /** How many declared parts have not been reported uploaded. */
    public Uni<Long> missing(String sessionReferenceNumber) {
        return count("sessionReferenceNumber = ?1 and uploadedAt is null", sessionReferenceNumber);
    }

    /** Records an upload as invoice-service reported it; the last report of a part wins. */
    public Uni<Integer> uploaded(String sessionReferenceNumber, int ordinalNumber, long size, String hash,
                                 OffsetDateTime uploadedAt) {
        return update("uploadedSize = :size, uploadedHash = :hash, uploadedAt = :at"
                        + " where sessionReferenceNumber = :ref and ordinalNumber = :ordinal",
                Map.of("size", size, "hash", hash, "at", uploadedAt, "ref", sessionReferenceNumber,
                        "ordinal", ordinalNumber));
    }
}

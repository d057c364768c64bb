package pl.ksefhub.invoice.batch;

import java.time.OffsetDateTime;
import java.util.List;

/** Events of batch packages on {@code ksef.invoice.events} (key = the session's reference number). */
public final class BatchEvents {

    public static final String PART_UPLOADED = "ksef.batch.part-uploaded.v1";
    public static final String PACKAGE_REJECTED = "ksef.batch.package-rejected.v1";
    public static final String PARTS_CHECKED = "ksef.batch.parts-checked.v1";

    private BatchEvents() {
    }

    /**
     * A part was stored (again, for a repeated upload: the last one counts).
     *
     * @param referenceNumber the session's reference number
     * @param hash            Base64 SHA-256 of the bytes stored
     */
    public record PartUploaded(String referenceNumber, int ordinalNumber, long size, String hash,
                               OffsetDateTime uploadedAt) {
    }

    public record Status(int code, String description, List<String> details) {
    }

    /** The package could not be processed: the session ends with this status (405, 415, 420, 430, 435, 440). */
    public record PackageRejected(String referenceNumber, Status status) {
    }

    /**
     * The answer to session-service's batch-parts-check-requested: the declared parts not stored when it was made.
     *
     * @param missingOrdinalNumbers ascending; empty when every declared part is stored
     */
    public record PartsChecked(String referenceNumber, String checkId, List<Integer> missingOrdinalNumbers,
                               OffsetDateTime checkedAt) {
    }
}

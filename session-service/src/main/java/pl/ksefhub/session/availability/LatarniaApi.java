package pl.ksefhub.session.availability;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The JSON of the Ministry's status service "Latarnia" ({@code api-latarnia.ksef.mf.gov.pl}), to the letter, as the
 * official SDKs read it: {@code GET /status} and {@code GET /messages} (ksef-client-java
 * {@code pl.akmf.ksef.sdk.client.model.lighthouse.KsefStatusResponse} and {@code Message}; the same fields in
 * ksef-client-python and -typescript). Enumerations are strings; the numeric codes of the Ministry's description are
 * given with each value. Times are UTC with an explicit offset and whole seconds, e.g.
 * {@code 2026-01-31T11:27:00+00:00}.
 */
public final class LatarniaApi {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

    private LatarniaApi() {
    }

    /** The system's status ({@code status} of {@code GET /status}). */
    public enum KsefStatus {
        /** 0: full availability. */
        AVAILABLE,
        /** 100: planned unavailability in progress. */
        MAINTENANCE,
        /** 500: failure in progress. */
        FAILURE,
        /** 900: total failure in progress. */
        TOTAL_FAILURE
    }

    /** What a message is about ({@code category}). */
    public enum Category {
        /** 01: failure (awaria). */
        FAILURE,
        /** 02: total failure (awaria całkowita). */
        TOTAL_FAILURE,
        /** 03: planned unavailability (niedostępność planowana). */
        MAINTENANCE;

        KsefStatus status() {
            return switch (this) {
                case FAILURE -> KsefStatus.FAILURE;
                case TOTAL_FAILURE -> KsefStatus.TOTAL_FAILURE;
                case MAINTENANCE -> KsefStatus.MAINTENANCE;
            };
        }
    }

    /** What a message announces ({@code type}). */
    public enum MessageType {
        FAILURE_START, FAILURE_END, MAINTENANCE_ANNOUNCEMENT
    }

    /** {@code GET /status}: {@code messages} only when the status is not {@code AVAILABLE}. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record StatusResponse(KsefStatus status, List<Message> messages) {
    }

    /**
     * One message. {@code eventId} groups the messages of one event (the start and the end of a failure);
     * {@code version} grows with each change, and {@code published} is when that version was published.
     * {@code end} is absent while unknown.
     */
    @JsonPropertyOrder({"id", "eventId", "category", "type", "title", "text", "start", "end", "version", "published"})
    public record Message(String id, int eventId, Category category, MessageType type, String title, String text,
                          String start, @JsonInclude(JsonInclude.Include.NON_NULL) String end, int version,
                          String published) {
    }

    /** A time as Latarnia writes it. */
    static String time(OffsetDateTime time) {
        return time == null ? null
                : time.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.SECONDS).format(TIME);
    }
}

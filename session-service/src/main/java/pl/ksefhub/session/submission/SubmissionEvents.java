package pl.ksefhub.session.submission;

import com.fasterxml.jackson.annotation.JsonInclude;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.session.events.SessionEvents.FormCode;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/** What this capability reads from {@code ksef.submissions} and publishes on {@code ksef.session.events}. */
public final class SubmissionEvents {

    public static final String SUBMISSIONS_TOPIC = "ksef.submissions";
    public static final String REQUESTED = "ksef.submission.requested.v1";
    public static final String ASSIGNED = "ksef.session.submission-assigned.v1";

    private SubmissionEvents() {
    }

    /** The fields of {@code ksef.submission.requested.v1} we read (tolerant reader). */
    public record SubmissionRequested(String correlationId, ContextIdentifier context, FormCode formCode,
                                      String invoiceXml, Template template, String source) {
    }

    /** Render the invoice from the accepted invoice {@code saleDocumentId} of the same context. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Template(Long saleDocumentId, LocalDate issueDate, Long recurringDocumentId) {
    }

    /** A submission now belongs to the event session {@code referenceNumber}; exactly one of xml and template. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SubmissionAssigned(String referenceNumber, String correlationId, ContextIdentifier context,
                                     FormCode formCode, String invoiceXml, Template template,
                                     OffsetDateTime assignedAt) {
    }
}

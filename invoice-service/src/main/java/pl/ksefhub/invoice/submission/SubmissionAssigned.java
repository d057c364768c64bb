package pl.ksefhub.invoice.submission;

import pl.ksefhub.invoice.session.FormCode;
import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * The fields of {@code ksef.session.submission-assigned.v1} this service reads: session-service put an upstream
 * submission into the context's event session. Exactly one of {@code invoiceXml} and {@code template}.
 */
public record SubmissionAssigned(String referenceNumber, String correlationId, ContextIdentifier context,
                                 FormCode formCode, String invoiceXml, Template template,
                                 OffsetDateTime assignedAt) {

    public static final String TYPE = "ksef.session.submission-assigned.v1";
    /** The column's width: a longer id could not be stored, so it could not be deduplicated either. */
    static final int MAX_CORRELATION_ID = 256;

    /** A template reference: render a new invoice from the accepted invoice {@code saleDocumentId}. */
    public record Template(Long saleDocumentId, LocalDate issueDate, Long recurringDocumentId) {
    }

    /** An event without what intake needs is malformed: it goes to the dead-letter topic with this reason. */
    public SubmissionAssigned requireComplete() {
        if (referenceNumber == null || correlationId == null || correlationId.isBlank()) {
            throw new MalformedEventException("submission-assigned without referenceNumber or correlationId");
        }
        if (correlationId.length() > MAX_CORRELATION_ID) {
            throw new MalformedEventException("submission-assigned with a correlationId over "
                    + MAX_CORRELATION_ID + " characters");
        }
        if (context == null || context.type() == null || context.value() == null) {
            throw new MalformedEventException("submission-assigned without context");
        }
        if ((invoiceXml == null) == (template == null)) {
            throw new MalformedEventException("submission-assigned needs exactly one of invoiceXml and template");
        }
        if (template != null && (template.saleDocumentId() == null || template.issueDate() == null)) {
            throw new MalformedEventException("submission-assigned template without saleDocumentId or issueDate");
        }
        return this;
    }
}

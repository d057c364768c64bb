package pl.ksefhub.recurring.schedule;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import pl.ksefhub.platform.identifiers.ContextIdentifier;

import java.time.LocalDate;
import java.time.OffsetDateTime;

/**
 * {@code ksef.submission.requested.v1} on {@code ksef.submissions} (key = the context NIP): asks for a new invoice
 * rendered from the template sale document. Schema: {@code events/submission.requested.v1.json}.
 * {@code invoiceXml} is the other form of the event (upstream systems); recurring-service never sends it.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({"correlationId", "context", "formCode", "invoiceXml", "template", "requestedAt", "source"})
public record SubmissionRequested(String correlationId, ContextIdentifier context, FormCode formCode,
                                  String invoiceXml, Template template, OffsetDateTime requestedAt, String source) {

    public static final String TOPIC = "ksef.submissions";
    public static final String TYPE = "ksef.submission.requested.v1";
    public static final String SOURCE = "recurring-service";

    public record FormCode(String systemCode, String schemaVersion, String value) {
    }

    /** Render a new invoice from {@code saleDocumentId} with {@code issueDate} as P_1 and P_6. */
    public record Template(long saleDocumentId, LocalDate issueDate, long recurringDocumentId) {
    }
}

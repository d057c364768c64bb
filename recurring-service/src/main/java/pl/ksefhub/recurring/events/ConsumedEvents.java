package pl.ksefhub.recurring.events;

import pl.ksefhub.platform.identifiers.ContextIdentifier;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Our own record of the fields recurring-service reads from other services' events (docs/EVENTS.md); everything
 * else in a payload is ignored (tolerant reader).
 */
public final class ConsumedEvents {

    public static final String INVOICE_ACCEPTED = "ksef.invoice.accepted.v1";
    public static final String INVOICE_REJECTED = "ksef.invoice.rejected.v1";
    public static final String UPO_GENERATED = "ksef.upo.generated.v1";
    public static final String TOKEN_ACTIVATED = "ksef.token.activated.v1";
    public static final String TOKEN_REVOKED = "ksef.token.revoked.v1";

    private ConsumedEvents() {
    }

    public record FormCode(String systemCode, String schemaVersion, String value) {
    }

    /** {@code ksef.invoice.accepted.v1}; {@code invoiceXml} is there for submissions (correlationId set). */
    public record InvoiceAccepted(String referenceNumber, String invoiceReferenceNumber, Long invoiceId,
                                  String ksefNumber, ContextIdentifier context, String invoiceNumber,
                                  LocalDate issueDate, FormCode formCode, String correlationId, String invoiceXml) {
    }

    public record Status(Integer code, String description, List<String> details) {
    }

    /** {@code ksef.invoice.rejected.v1}. */
    public record InvoiceRejected(String referenceNumber, String invoiceReferenceNumber, Status status,
                                  ContextIdentifier context, String correlationId) {
    }

    /** {@code ksef.upo.generated.v1}; for submissions (scope invoice) with {@code correlationId} and {@code upoXml}. */
    public record UpoGenerated(String referenceNumber, String scope, String invoiceReferenceNumber, String ksefNumber,
                               String correlationId, String upoXml) {
    }

    /** {@code ksef.token.activated.v1}. */
    public record TokenActivated(String referenceNumber, ContextIdentifier context, String tokenSha256,
                                 List<String> permissions, OffsetDateTime activatedAt) {
    }

    /** {@code ksef.token.revoked.v1}. */
    public record TokenRevoked(String referenceNumber, OffsetDateTime revokedAt) {
    }
}

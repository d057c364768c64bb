package pl.ksefhub.session.events;

import java.time.OffsetDateTime;

/** Events session-service publishes on {@code ksef.session.events}; schemas in {@code resources/events/}. */
public final class SessionEvents {

    public static final String TOPIC = "ksef.session.events";
    public static final String OPENED = "ksef.session.opened.v1";
    public static final String CLOSED = "ksef.session.closed.v1";

    private SessionEvents() {
    }

    public record ContextIdentifier(String type, String value) {
    }

    public record FormCode(String systemCode, String schemaVersion, String value) {
    }

    /** What the UPO's {@code Uwierzytelnienie} needs: the KSeF token's reference or the signed document's hash. */
    public record Authentication(String referenceNumber, String ksefTokenReferenceNumber, String authDocumentHash) {
    }

    /**
     * @param invoiceLimit                 invoices the session takes (the context's limit for online sessions)
     * @param maxInvoiceSize               largest invoice without attachments, in bytes; null: the reader's default
     * @param maxInvoiceWithAttachmentSize largest invoice with attachments, in bytes; null: the reader's default
     * @param attachmentsAllowed           whether the context may send invoices with attachments; null: unknown
     */
    public record SessionOpened(String referenceNumber, String sessionType, ContextIdentifier context,
                                FormCode formCode, String encryptedSymmetricKey, String initializationVector,
                                boolean keyValid, Authentication authentication, int invoiceLimit,
                                OffsetDateTime openedAt, OffsetDateTime validUntil, Long maxInvoiceSize,
                                Long maxInvoiceWithAttachmentSize, Boolean attachmentsAllowed) {

        /** A session that announces no size limits nor attachment consent (event sessions). */
        public SessionOpened(String referenceNumber, String sessionType, ContextIdentifier context,
                             FormCode formCode, String encryptedSymmetricKey, String initializationVector,
                             boolean keyValid, Authentication authentication, int invoiceLimit,
                             OffsetDateTime openedAt, OffsetDateTime validUntil) {
            this(referenceNumber, sessionType, context, formCode, encryptedSymmetricKey, initializationVector,
                    keyValid, authentication, invoiceLimit, openedAt, validUntil, null, null, null);
        }
    }

    /** @param reason {@code closed} by the client or {@code expired} after the session's validity */
    public record SessionClosed(String referenceNumber, OffsetDateTime closedAt, String reason) {
    }
}

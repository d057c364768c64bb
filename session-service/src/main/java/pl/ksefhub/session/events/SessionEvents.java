package pl.ksefhub.session.events;

import pl.ksefhub.platform.identifiers.ContextIdentifier;
import java.time.OffsetDateTime;
import java.util.List;

/** Events session-service publishes on {@code ksef.session.events}; schemas in {@code resources/events/}. */
public final class SessionEvents {

    public static final String TOPIC = "ksef.session.events";
    public static final String OPENED = "ksef.session.opened.v1";
    public static final String CLOSED = "ksef.session.closed.v1";
    public static final String BATCH_PARTS_CHECK_REQUESTED = "ksef.session.batch-parts-check-requested.v1";

    private SessionEvents() {
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
                                Long maxInvoiceWithAttachmentSize, Boolean attachmentsAllowed,
                                BatchPackage batch) {

        /** An online session: no package. */
        public SessionOpened(String referenceNumber, String sessionType, ContextIdentifier context,
                             FormCode formCode, String encryptedSymmetricKey, String initializationVector,
                             boolean keyValid, Authentication authentication, int invoiceLimit,
                             OffsetDateTime openedAt, OffsetDateTime validUntil, Long maxInvoiceSize,
                             Long maxInvoiceWithAttachmentSize, Boolean attachmentsAllowed) {
            this(referenceNumber, sessionType, context, formCode, encryptedSymmetricKey, initializationVector,
                    keyValid, authentication, invoiceLimit, openedAt, validUntil, maxInvoiceSize,
                    maxInvoiceWithAttachmentSize, attachmentsAllowed, null);
        }

        /** A session that announces no size limits nor attachment consent (event sessions). */
        public SessionOpened(String referenceNumber, String sessionType, ContextIdentifier context,
                             FormCode formCode, String encryptedSymmetricKey, String initializationVector,
                             boolean keyValid, Authentication authentication, int invoiceLimit,
                             OffsetDateTime openedAt, OffsetDateTime validUntil) {
            this(referenceNumber, sessionType, context, formCode, encryptedSymmetricKey, initializationVector,
                    keyValid, authentication, invoiceLimit, openedAt, validUntil, null, null, null, null);
        }
    }

    /**
     * A declared part of a batch package.
     *
     * @param fileSize        size of the encrypted part in bytes
     * @param fileHash        Base64 SHA-256 of the encrypted part
     * @param uploadTokenHash hex SHA-256 of the secret in the part's upload URL: the uploader proves it holds the
     *                        URL, and the secret itself never leaves session-service's answer
     */
    public record BatchPart(int ordinalNumber, long fileSize, String fileHash, String uploadTokenHash) {
    }

    /**
     * What a batch session declared at open (sesja-wsadowa.md).
     *
     * @param fileSize        size of the whole unencrypted archive
     * @param fileHash        Base64 SHA-256 of the whole unencrypted archive
     * @param compressionType {@code Zip} or {@code TarGz}
     * @param uploadDeadline  parts are taken until then (20 minutes per declared part)
     */
    public record BatchPackage(long fileSize, String fileHash, String compressionType, boolean offlineMode,
                               OffsetDateTime uploadDeadline, List<BatchPart> parts) {
    }

    /**
     * @param reason {@code closed} by the client, {@code expired} after an online session's validity, or
     *               {@code cancelled}: a batch session whose package will never be processed (not closed in
     *               time, parts missing past their window)
     */
    public record SessionClosed(String referenceNumber, OffsetDateTime closedAt, String reason) {
    }

    /**
     * A batch close still misses the news of a declared part: invoice-service, which has the parts, is asked which
     * of them it stored; it answers {@code batch.parts-checked} with the same {@code checkId}. On this topic with the
     * session as key, so it comes after the session's {@code session.opened} (invoice-service knows the parts).
     *
     * @param checkId a UUID, one per close that asks
     */
    public record BatchPartsCheckRequested(String referenceNumber, String checkId, OffsetDateTime requestedAt) {
    }
}

package pl.ksefhub.invoice.session;

import pl.ksefhub.platform.events.EventEnvelope.MalformedEventException;
import pl.ksefhub.platform.identifiers.ContextIdentifier;

import java.time.OffsetDateTime;
import java.util.List;

/** The fields of {@code ksef.session.opened.v1} this service reads (tolerant reader). */
public record SessionOpened(String referenceNumber, String sessionType, ContextIdentifier context, FormCode formCode,
                            String encryptedSymmetricKey, String initializationVector, Boolean keyValid,
                            Authentication authentication, Integer invoiceLimit, OffsetDateTime openedAt,
                            OffsetDateTime validUntil, Long maxInvoiceSize, Long maxInvoiceWithAttachmentSize,
                            Boolean attachmentsAllowed, BatchPackage batch) {

    /** A declared part of a batch package: encrypted size and hash, and the hash of its upload secret. */
    public record BatchPart(Integer ordinalNumber, Long fileSize, String fileHash, String uploadTokenHash) {
    }

    /** What a batch session declared: the unencrypted archive and its encrypted parts. */
    public record BatchPackage(Long fileSize, String fileHash, String compressionType, Boolean offlineMode,
                               OffsetDateTime uploadDeadline, List<BatchPart> parts) {
    }

    public static final String TYPE = "ksef.session.opened.v1";
    static final int DEFAULT_INVOICE_LIMIT = 10_000;

    /** An event without what intake cannot work without is malformed: it goes to the dead-letter topic. */
    public SessionOpened requireComplete() {
        if (referenceNumber == null || context == null || context.type() == null || context.value() == null
                || formCode == null || formCode.systemCode() == null || formCode.schemaVersion() == null
                || formCode.value() == null || validUntil == null) {
            throw new MalformedEventException("session.opened without referenceNumber, context, formCode"
                    + " or validUntil");
        }
        // An event session takes plaintext submissions from Kafka, never encrypted HTTP sends: it has no key.
        if (!isEventSession() && (encryptedSymmetricKey == null || initializationVector == null)) {
            throw new MalformedEventException("session.opened of an online session without key or IV");
        }
        if (isBatchSession() && (batch == null || batch.fileSize() == null || batch.fileHash() == null
                || batch.uploadDeadline() == null || batch.parts() == null || batch.parts().isEmpty()
                || batch.parts().stream().anyMatch(p -> p == null || p.ordinalNumber() == null
                        || p.fileSize() == null || p.fileHash() == null || p.uploadTokenHash() == null))) {
            throw new MalformedEventException("session.opened of a batch session without its package");
        }
        return this;
    }

    public boolean isBatchSession() {
        return InvoicingSession.BATCH.equals(sessionType);
    }

    public boolean isEventSession() {
        return InvoicingSession.EVENT.equals(sessionType);
    }

    public InvoicingSession toSession() {
        InvoicingSession session = new InvoicingSession();
        session.referenceNumber = referenceNumber;
        session.sessionType = sessionType == null ? "online" : sessionType;
        session.contextType = context.type();
        session.contextValue = context.value();
        session.formSystemCode = formCode.systemCode();
        session.formSchemaVersion = formCode.schemaVersion();
        session.formValue = formCode.value();
        session.encryptedSymmetricKey = encryptedSymmetricKey;
        session.initializationVector = initializationVector;
        session.keyValid = keyValid == null || keyValid;
        if (authentication != null) {
            session.authReferenceNumber = authentication.referenceNumber();
            session.ksefTokenReferenceNumber = authentication.ksefTokenReferenceNumber();
            session.authDocumentHash = authentication.authDocumentHash();
        }
        // 0 is a limit too (the spec allows it: no invoices at all); only a missing or negative one is no limit.
        session.invoiceLimit = invoiceLimit == null || invoiceLimit < 0 ? DEFAULT_INVOICE_LIMIT : invoiceLimit;
        session.maxInvoiceSize = positiveOrNull(maxInvoiceSize);
        session.maxInvoiceWithAttachmentSize = positiveOrNull(maxInvoiceWithAttachmentSize);
        session.attachmentsAllowed = attachmentsAllowed;
        session.openedAt = openedAt == null ? OffsetDateTime.now() : openedAt;
        session.validUntil = validUntil;
        if (isBatchSession()) {
            session.batchFileSize = batch.fileSize();
            session.batchFileHash = batch.fileHash();
            session.compressionType = batch.compressionType() == null ? "Zip" : batch.compressionType();
            session.offlineMode = Boolean.TRUE.equals(batch.offlineMode());
            session.uploadDeadline = batch.uploadDeadline();
            session.packageState = "awaiting";
        }
        return session;
    }

    private static Long positiveOrNull(Long bytes) {
        return bytes == null || bytes < 1 ? null : bytes;
    }
}

package pl.ksefhub.invoice.intake;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.processing.ProcessingWorker;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.session.SessionKeys;
import pl.ksefhub.invoice.session.SessionLookup;
import pl.ksefhub.platform.offload.Offload;
import pl.ksefhub.platform.auth.KsefPrincipal;
import pl.ksefhub.platform.error.KsefException;

import javax.crypto.SecretKey;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.Optional;

/**
 * {@code POST /sessions/online/{ref}/invoices}: what KSeF checks at once (fields, session, sizes and hashes of the
 * ciphertext and of the plaintext), then the invoice is stored and processing is left to the worker. A ciphertext
 * that does not decrypt is still taken (KSeF decrypts asynchronously) and ends as 435.
 */
@ApplicationScoped
public class InvoiceIntake {

    private final SessionLookup lookup;
    private final SessionKeys keys;
    private final InvoiceReceipts receipts;
    private final ProcessingWorker worker;
    private final long maxInvoiceSize;
    private final long maxInvoiceWithAttachmentSize;

    public InvoiceIntake(SessionLookup lookup, SessionKeys keys, InvoiceReceipts receipts, ProcessingWorker worker,
                         InvoiceConfig config) {
        this.lookup = lookup;
        this.keys = keys;
        this.receipts = receipts;
        this.worker = worker;
        this.maxInvoiceSize = config.intake().maxInvoiceSize();
        this.maxInvoiceWithAttachmentSize = config.intake().maxInvoiceWithAttachmentSize();
    }

    /** @return the invoice's reference number */
    public Uni<String> send(KsefPrincipal principal, String sessionReferenceNumber, SendInvoiceRequest request) {
        ValidatedSend send = SendInvoiceValidation.validate(sessionReferenceNumber, request);
        return lookup.awaitSession(sessionReferenceNumber)
                .call(session -> session != null ? Uni.createFrom().voidItem()
                        : lookup.mayStillArrive(sessionReferenceNumber).invoke(onItsWay ->
                                SendChecks.requireKnownOrGone(null, onItsWay, sessionReferenceNumber)))
                .map(session -> {
                    SendChecks.requireOwn(session, principal, sessionReferenceNumber);
                    SendChecks.requireOpen(session, sessionReferenceNumber, OffsetDateTime.now());
                    SendInvoiceValidation.requireWithin(send, sizeLimit(session, send));
                    return session;
                })
                .chain(session -> Offload.onWorker(() -> decrypt(session, send)))
                .chain(plaintext -> receipts.store(sessionReferenceNumber, send, plaintext.orElse(null)))
                .invoke(worker::wake);
    }

    /**
     * The context's limit for this send: the larger one (with attachments) only where an attachment may come
     * through at all; whether it really has one is known after decryption, and checked there (415).
     */
    private long sizeLimit(InvoicingSession session, ValidatedSend send) {
        boolean technicalCorrection = send.offlineMode() && send.hashOfCorrectedInvoice() != null;
        if (session.takesAttachment(technicalCorrection)) {
            return session.maxInvoiceWithAttachmentSize != null
                    ? session.maxInvoiceWithAttachmentSize : maxInvoiceWithAttachmentSize;
        }
        return session.maxInvoiceSize != null ? session.maxInvoiceSize : maxInvoiceSize;
    }

    /** Blocking (RSA on a cache miss, AES, SHA-256 of up to a megabyte): runs on a worker thread. */
    private Optional<byte[]> decrypt(InvoicingSession session, ValidatedSend send) {
        byte[] ciphertext = send.ciphertext();
        if (ciphertext.length != send.encryptedInvoiceSize()) {
            throw sizeMismatch();
        }
        if (!InvoiceCipher.sha256Base64(ciphertext).equals(send.encryptedInvoiceHash())) {
            throw hashMismatch();
        }
        Optional<SecretKey> key = keys.aesKey(session);
        Optional<byte[]> plaintext = key.flatMap(k -> InvoiceCipher.decrypt(k, iv(session), ciphertext));
        if (plaintext.isPresent()) {
            if (plaintext.get().length != send.invoiceSize()) {
                throw sizeMismatch();
            }
            if (!InvoiceCipher.sha256Base64(plaintext.get()).equals(send.invoiceHash())) {
                throw hashMismatch();
            }
        }
        return plaintext;
    }

    private static byte[] iv(InvoicingSession session) {
        try {
            return Base64.getDecoder().decode(session.initializationVector);
        } catch (IllegalArgumentException e) {
            return new byte[0];
        }
    }

    private static KsefException sizeMismatch() {
        return KsefException.badRequest(21402, "Nieprawidłowy rozmiar pliku.",
                "Długość treści nie zgadza się z rozmiarem pliku.");
    }

    private static KsefException hashMismatch() {
        return KsefException.badRequest(21403, "Nieprawidłowy skrót pliku.",
                "Skrót treści nie zgadza się ze skrótem pliku.");
    }
}

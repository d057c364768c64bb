package pl.ksefhub.invoice.batch;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.intake.InvoiceCipher;
import pl.ksefhub.invoice.intake.InvoiceReceived;
import pl.ksefhub.invoice.processing.FinalStatuses;
import pl.ksefhub.invoice.processing.InvoiceRejected;
import pl.ksefhub.invoice.session.InvoicingSession;
import pl.ksefhub.invoice.settlement.SessionSettlement;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceStatus;
import pl.ksefhub.invoice.store.StatusJson;
import pl.ksefhub.invoice.support.InvoiceEvents;
import pl.ksefhub.platform.identifiers.ContextIdentifier;
import pl.ksefhub.platform.outbox.Outbox;
import pl.ksefhub.platform.refnum.ReferenceNumbers;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * The database side of package processing: claiming a closed package, storing its files as invoices a chunk per
 * transaction, and ending it. The session row is locked in each of these, so a chunk, a rejection and the
 * settlement never interleave.
 */
@ApplicationScoped
public class PackageStorage {

    private static final String CLAIM = "select reference_number from invoicing_session"
            + " where package_state = 'pending' and (package_claimed_at is null or package_claimed_at < :stale)"
            + " order by closed_at limit 1 for update skip locked";
    private static final String UNPACKED =
            "select package_unpacked from invoicing_session where reference_number = :ref";
    private static final String MARK_CLAIMED =
            "update invoicing_session set package_claimed_at = :now where reference_number = :ref";

    private final Outbox outbox;
    private final SessionSettlement settlement;
    private final long maxInvoiceWithAttachmentSize;
    private final FinalStatuses finalStatuses;

    public PackageStorage(Outbox outbox, SessionSettlement settlement, InvoiceConfig config,
                          FinalStatuses finalStatuses) {
        this.finalStatuses = finalStatuses;
        this.outbox = outbox;
        this.settlement = settlement;
        this.maxInvoiceWithAttachmentSize = config.intake().maxInvoiceWithAttachmentSize();
    }

    /** The package's session and parts, with how many of its files are stored already. */
    record ClaimedPackage(InvoicingSession session, List<BatchPart> parts, int unpacked) {
    }

    /** Claims the oldest closed package no live worker holds; null when there is none. */
    Uni<ClaimedPackage> claimNext(Duration lease) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s
                .createNativeQuery(CLAIM, String.class)
                .setParameter("stale", now.minus(lease))
                .getSingleResultOrNull()
                .chain(ref -> ref == null ? Uni.createFrom().nullItem() : s.createNativeQuery(MARK_CLAIMED)
                        .setParameter("now", now).setParameter("ref", ref).executeUpdate()
                        .chain(() -> load(ref)))));
    }

    private Uni<ClaimedPackage> load(String ref) {
        return InvoicingSession.<InvoicingSession>findById(ref).chain(session -> BatchPart.<BatchPart>list(
                        "sessionReferenceNumber = ?1 order by ordinalNumber", ref)
                .chain(parts -> Panache.getSession().chain(s -> s.createNativeQuery(UNPACKED, Integer.class)
                                .setParameter("ref", ref).getSingleResult())
                        .map(unpacked -> new ClaimedPackage(session, parts, unpacked))));
    }

    /** A file of the archive, read. */
    record PackageFile(int index, String name, byte[] content) {
    }

    /**
     * Stores files as received invoices (status 100) with their {@code invoice.received} events, and moves the
     * session's resume point past them; the last chunk makes the package unpacked, so that the session may settle
     * once its invoices are processed. A chunk that was stored before (a restart) changes nothing. Every chunk
     * renews the worker's claim on the package, so the claim's lease only has to outlast the time to the first
     * chunk (the parts' decryption) and between two chunks, not the whole package.
     */
    Uni<Void> storeChunk(String ref, List<PackageFile> files, boolean last) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        // Files refused at once (too large) are final at intake: counted once their chunk has committed.
        List<Invoice> stored = new ArrayList<>();
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.find(InvoicingSession.class, ref, LockModeType.PESSIMISTIC_WRITE)
                        .chain(session -> s.createNativeQuery(UNPACKED, Integer.class)
                                .setParameter("ref", ref).getSingleResult()
                                .chain(unpacked -> {
                                    List<PackageFile> fresh = files.stream().filter(f -> f.index() >= unpacked)
                                            .toList();
                                    return storeFresh(s, session, fresh, now, stored)
                                            .chain(() -> s.createNativeQuery("update invoicing_session set"
                                                            + " package_unpacked = greatest(package_unpacked, :upTo),"
                                                            + " invoice_count = greatest(invoice_count, :upTo),"
                                                            + " package_state = :state,"
                                                            // Each chunk renews the claim: a worker alive and
                                                            // working keeps its package, however long it is.
                                                            + " package_claimed_at = :now"
                                                            + " where reference_number = :ref")
                                                    .setParameter("upTo", files.isEmpty() ? unpacked
                                                            : files.get(files.size() - 1).index() + 1)
                                                    .setParameter("state", last ? "unpacked" : "pending")
                                                    .setParameter("now", now)
                                                    .setParameter("ref", ref)
                                                    .executeUpdate())
                                            // With the last chunk in, the session may be due: every invoice of it
                                            // may be final already (processed meanwhile, or refused as a file).
                                            .chain(() -> last ? settlement.settleIfComplete(ref).replaceWithVoid()
                                                    : Uni.createFrom().voidItem());
                                }))))
                .invoke(() -> finalStatuses.committed(stored));
    }

    private Uni<Void> storeFresh(Mutiny.Session s, InvoicingSession session, List<PackageFile> files,
                                 OffsetDateTime now, List<Invoice> stored) {
        if (files.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        long maxSize = session.maxInvoiceWithAttachmentSize != null ? session.maxInvoiceWithAttachmentSize
                : maxInvoiceWithAttachmentSize;
        List<Invoice> invoices = new ArrayList<>();
        List<Outbox.PendingEvent> events = new ArrayList<>();
        for (PackageFile file : files) {
            Invoice invoice = newInvoice(session, file);
            invoices.add(invoice);
            events.add(new Outbox.PendingEvent(InvoiceEvents.TOPIC, session.referenceNumber, InvoiceReceived.TYPE,
                    new InvoiceReceived(session.referenceNumber, invoice.referenceNumber, invoice.ordinalNumber,
                            now)));
            if (file.content().length > maxSize) {
                // Too large to be an invoice of this session: refused as a file, never read (an online send of
                // it is refused at once, 21405; in a package it is one failed invoice among the others).
                List<String> details = List.of("Rozmiar pliku faktury (%d B) przekracza dopuszczalny rozmiar %d B."
                        .formatted(file.content().length, maxSize));
                invoice.setStatus(InvoiceStatus.FILE_VERIFICATION_FAILED);
                invoice.statusDetails = StatusJson.write(details);
                invoice.invoicingMode = invoice.offlineMode ? "Offline" : "Online";
                events.add(new Outbox.PendingEvent(InvoiceEvents.TOPIC, session.referenceNumber, InvoiceRejected.TYPE,
                        new InvoiceRejected(session.referenceNumber, invoice.referenceNumber, invoice.ordinalNumber,
                                new InvoiceRejected.Status(InvoiceStatus.FILE_VERIFICATION_FAILED.code(),
                                        InvoiceStatus.FILE_VERIFICATION_FAILED.description(), details),
                                new ContextIdentifier(session.contextType, session.contextValue), null)));
            }
        }
        List<byte[]> contents = files.stream().map(PackageFile::content).toList();
        return PackageRows.insert(s, invoices, contents)
                .chain(() -> outbox.enqueueAll(events))
                .invoke(() -> stored.addAll(invoices));
    }

    /**
     * A file of the package as an invoice. Its invoicing date is the session's opening (NOTES.md §2.5: for batch,
     * "accepted for processing" is the open), and its sizes and hashes are the plaintext's: a batch invoice has no
     * ciphertext of its own.
     */
    private static Invoice newInvoice(InvoicingSession session, PackageFile file) {
        Invoice invoice = new Invoice();
        invoice.referenceNumber = ReferenceNumbers.next(ReferenceNumbers.INVOICE);
        invoice.sessionReferenceNumber = session.referenceNumber;
        invoice.ordinalNumber = file.index() + 1;
        invoice.invoiceHash = InvoiceCipher.sha256Base64(file.content());
        invoice.invoiceSize = file.content().length;
        invoice.encryptedInvoiceHash = invoice.invoiceHash;
        invoice.encryptedInvoiceSize = invoice.invoiceSize;
        invoice.offlineMode = session.offlineMode;
        invoice.decryptionFailed = false;
        invoice.invoicingDate = session.openedAt.withOffsetSameInstant(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        invoice.invoiceFileName = file.name().length() > 512 ? file.name().substring(0, 512) : file.name();
        invoice.setStatus(InvoiceStatus.RECEIVED);
        return invoice;
    }

    /** Ends the package with a failure status; the session settles with no invoices. */
    Uni<Void> reject(String ref, BatchEvents.Status status) {
        return Panache.withTransaction(() -> Panache.getSession()
                .chain(s -> s.find(InvoicingSession.class, ref, LockModeType.PESSIMISTIC_WRITE)
                        .chain(session -> {
                            if (session == null || !"pending".equals(session.packageState)) {
                                return Uni.createFrom().voidItem();
                            }
                            session.packageState = "rejected";
                            return outbox.enqueue(InvoiceEvents.TOPIC, ref, BatchEvents.PACKAGE_REJECTED,
                                            new BatchEvents.PackageRejected(ref, status))
                                    .chain(() -> settlement.settleIfComplete(ref)).replaceWithVoid();
                        })));
    }

    /** Lets another round take the package at once (after a failure that may pass). */
    Uni<Void> release(String ref) {
        return Panache.withTransaction(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                        "update invoicing_session set package_claimed_at = null where reference_number = :ref")
                .setParameter("ref", ref).executeUpdate())).replaceWithVoid();
    }
}

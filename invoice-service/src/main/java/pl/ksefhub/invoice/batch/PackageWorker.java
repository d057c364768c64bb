package pl.ksefhub.invoice.batch;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.processing.ProcessingWorker;
import pl.ksefhub.invoice.session.SessionKeys;
import pl.ksefhub.invoice.support.FailedAttempts;
import pl.ksefhub.invoice.support.WorkerThreads;

import javax.crypto.SecretKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;

/**
 * Processes closed batch packages (sesja-wsadowa.md, "Zamknięcie sesji wsadowej"), one per thread at a time: the
 * key, the parts, the archive, then its files stored as received invoices, which {@link ProcessingWorker} then
 * checks, numbers and settles exactly as online ones. Durable by construction: the queue is the session table,
 * and a restart resumes the package after the files already stored (none is stored, nor numbered, twice).
 */
@ApplicationScoped
public class PackageWorker {

    private static final Logger LOG = Logger.getLogger(PackageWorker.class);
    private static final int ATTEMPTS_BEFORE_GIVING_UP = 3;

    private final PackageStorage storage;
    private final DirectoryPartStore store;
    private final SessionKeys keys;
    private final ProcessingWorker invoices;
    private final InvoiceConfig.Batch config;
    private final boolean enabled;
    private final FailedAttempts<String> failures = new FailedAttempts<>(ATTEMPTS_BEFORE_GIVING_UP);
    private final WorkerThreads threads;

    public PackageWorker(PackageStorage storage, DirectoryPartStore store, SessionKeys keys,
                         ProcessingWorker invoices, InvoiceConfig config) {
        this.storage = storage;
        this.store = store;
        this.keys = keys;
        this.invoices = invoices;
        this.config = config.batch();
        this.enabled = config.processing().enabled();
        this.threads = new WorkerThreads("batch-package", this.config.workers());
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        threads.start(this::loop);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        threads.stop();
    }

    /** A package was closed: look now rather than at the next poll. */
    public void wake() {
        threads.wake();
    }

    /** A cancelled package is never processed: its parts go. */
    public void discard(String sessionReferenceNumber) {
        try {
            store.deleteAll(sessionReferenceNumber);
        } catch (IOException e) {
            LOG.warnf("Parts of cancelled session %s not deleted: %s", sessionReferenceNumber, e.toString());
        }
    }

    private void loop() {
        while (threads.running()) {
            try {
                PackageStorage.ClaimedPackage claimed =
                        VertxContextSupport.subscribeAndAwait(() -> storage.claimNext(config.claimLease()));
                if (claimed == null) {
                    threads.idle(config.pollInterval().toMillis());
                } else {
                    process(claimed);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                if (!threads.running()) {
                    return;
                }
                LOG.warnf("Looking for batch packages failed: %s", e.toString());
                sleep();
            }
        }
    }

    private void process(PackageStorage.ClaimedPackage claimed) throws Throwable {
        String ref = claimed.session().referenceNumber;
        long started = System.nanoTime();
        try {
            int stored = unpack(claimed);
            failures.forget(ref);
            LOG.infof("Batch package of %s unpacked: %d invoices in %d ms", ref, stored,
                    (System.nanoTime() - started) / 1_000_000);
            invoices.wake();
            discard(ref);
        } catch (PackageRejection rejection) {
            LOG.infof("Batch package of %s rejected: %s", ref, rejection.getMessage());
            VertxContextSupport.subscribeAndAwait(() -> storage.reject(ref, rejection.status));
            failures.forget(ref);
            discard(ref);
        } catch (Throwable e) {
            if (!threads.running()) {
                return;
            }
            int hopelessAfter = failures.failed(ref, e);
            if (FailedAttempts.counts(e)) {
                LOG.warnf(e, "Processing the batch package of %s failed", ref);
            } else {
                LOG.warnf("Processing the batch package of %s waits for the database: %s", ref, e.toString());
            }
            if (hopelessAfter > 0) {
                VertxContextSupport.subscribeAndAwait(() -> storage.reject(ref, PackageRejection.unknown().status));
                failures.forget(ref);
                discard(ref);
            } else {
                sleep();
                releaseWhenPossible(ref);
            }
        }
    }

    /** @return how many invoices the package holds */
    private int unpack(PackageStorage.ClaimedPackage claimed) throws Throwable {
        var session = claimed.session();
        String ref = session.referenceNumber;
        Optional<SecretKey> key = session.keyValid ? keys.aesKey(session) : Optional.empty();
        if (key.isEmpty()) {
            throw PackageRejection.keyDecryptionFailed();
        }
        Path archive = store.scratchFile(ref, "package.archive");
        try {
            List<PackageDecryption.Part> parts = claimed.parts().stream()
                    .map(p -> new PackageDecryption.Part(p.ordinalNumber, p.declaredHash)).toList();
            PackageDecryption.decryptTo(archive, parts, n -> store.read(ref, n), key.get(),
                    Base64.getDecoder().decode(session.initializationVector), session.batchFileSize,
                    session.batchFileHash);
            int count;
            try {
                count = PackageArchive.count(archive, session.compressionType);
            } catch (PackageArchive.UnreadableArchive e) {
                throw PackageRejection.archiveInvalid("Nie udało się rozpakować archiwum (%s): %s."
                        .formatted(session.compressionType, e.getMessage()));
            }
            if (count > session.invoiceLimit) {
                throw PackageRejection.tooManyInvoices(session.invoiceLimit, count);
            }
            if (count == 0) {
                throw PackageRejection.empty();
            }
            if (claimed.unpacked() >= count) {
                VertxContextSupport.subscribeAndAwait(() -> storage.storeChunk(ref, List.of(), true));
            } else {
                storeFiles(ref, archive, session.compressionType, claimed.unpacked(), count);
            }
            return count;
        } finally {
            Files.deleteIfExists(archive);
        }
    }

    private void storeFiles(String ref, Path archive, String compressionType, int from, int count) throws Throwable {
        int chunkSize = config.unpackChunk();
        List<PackageStorage.PackageFile> chunk = new ArrayList<>();
        Throwable[] failure = {null};
        try {
            PackageArchive.forEachFrom(archive, compressionType, from, (index, file) -> {
                chunk.add(new PackageStorage.PackageFile(index, file.name(), file.content()));
                boolean last = index == count - 1;
                if (chunk.size() >= chunkSize || last) {
                    List<PackageStorage.PackageFile> files = List.copyOf(chunk);
                    chunk.clear();
                    try {
                        VertxContextSupport.subscribeAndAwait(() -> storage.storeChunk(ref, files, last));
                    } catch (Throwable e) {
                        failure[0] = e;
                        return false;
                    }
                    invoices.wake();
                }
                return threads.running();
            });
        } catch (PackageArchive.UnreadableArchive e) {
            throw PackageRejection.archiveInvalid("Nie udało się rozpakować archiwum: %s.".formatted(e.getMessage()));
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        if (!threads.running()) {
            throw new InterruptedException("stopping");
        }
    }

    /**
     * Gives the package back for the next try. While the database is away that fails too: try again until it is
     * back (or the service stops; the claim's lease then runs out and the package is taken up again, never lost).
     */
    private void releaseWhenPossible(String ref) {
        while (threads.running()) {
            try {
                VertxContextSupport.subscribeAndAwait(() -> storage.release(ref));
                return;
            } catch (Throwable e) {
                LOG.warnf("Batch package of %s not released yet: %s", ref, e.toString());
                sleep();
            }
        }
    }

    private void sleep() {
        try {
            Thread.sleep(1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}

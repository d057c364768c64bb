package pl.ksefhub.invoice.exports;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.support.WorkerThreads;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * The thread that builds exports one at a time: claims the oldest one in progress (a lease, so that a dead
 * worker's claim is taken over), has {@link PackageWriter} build it off any transaction, then stores the package
 * and the status in one. Also ends finished exports past their retention (their parts are deleted, status 210).
 */
@ApplicationScoped
public class ExportWorker {

    private static final Logger LOG = Logger.getLogger(ExportWorker.class);
    private static final String CLAIM = "update invoice_export set claimed_at = :now where reference_number ="
            + " (select reference_number from invoice_export where status_code = 100"
            + " and (claimed_at is null or claimed_at < :staleBefore) order by created_at limit 1"
            + " for update skip locked) returning reference_number";
    private static final String EXPIRED = "select reference_number from invoice_export where status_code = 200"
            + " and expires_at <= :now limit 100";
    private static final String INSERT_PART = "insert into invoice_export_part (export_reference_number,"
            + " ordinal_number, part_name, part_size, part_hash, encrypted_part_size, encrypted_part_hash)"
            + " values (:ref, :n, :name, :size, :hash, :encryptedSize, :encryptedHash)";

    private final PackageWriter writer;
    private final InvoiceConfig.Exports config;
    private final boolean enabled;
    private final WorkerThreads threads = new WorkerThreads("invoice-export", 1);

    public ExportWorker(PackageWriter writer, InvoiceConfig config) {
        this.writer = writer;
        this.config = config.exports();
        this.enabled = config.processing().enabled();
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

    /** A new export was stored: build it now rather than at the next poll. */
    public void wake() {
        threads.wake();
    }

    private void loop() {
        while (threads.running()) {
            try {
                boolean built = runOnce();
                expire();
                if (!built) {
                    threads.idle(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable e) {
                LOG.warnf("Export worker round failed: %s", e.toString());
                try {
                    Thread.sleep(config.pollInterval().toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    private boolean runOnce() throws Throwable {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> claimed = VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                Panache.getSession().chain(session -> session.createNativeQuery(CLAIM, String.class)
                        .setParameter("now", now).setParameter("staleBefore", now.minus(config.claimLease()))
                        .getResultList())));
        if (claimed.isEmpty()) {
            return false;
        }
        String reference = claimed.get(0);
        InvoiceExport export = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                InvoiceExport.<InvoiceExport>findById(reference)));
        PackageWriter.Result result;
        try {
            result = writer.write(export);
        } catch (RuntimeException e) {
            LOG.errorf(e, "Export %s failed", reference);
            result = PackageWriter.Result.failed(ExportStatus.FAILED, null);
        }
        PackageWriter.Result outcome = result;
        VertxContextSupport.subscribeAndAwait(() -> finish(reference, outcome));
        return true;
    }

    private Uni<Void> finish(String reference, PackageWriter.Result result) {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC).truncatedTo(ChronoUnit.MILLIS);
        return Panache.withTransaction(() -> InvoiceExport.<InvoiceExport>findById(reference).chain(export -> {
            if (export == null || export.statusCode != ExportStatus.IN_PROGRESS.code) {
                return Uni.createFrom().voidItem();
            }
            InvoiceExports.setStatus(export, result.status(), result.details());
            export.completedAt = now;
            if (result.status() != ExportStatus.DONE) {
                return Uni.createFrom().voidItem();
            }
            export.expiresAt = now.plus(config.retention());
            export.invoiceCount = result.invoiceCount();
            export.packageSize = result.packageSize();
            export.truncated = result.truncated();
            export.lastIssueDate = result.lastIssueDate();
            export.lastInvoicingDate = result.lastInvoicingDate();
            export.lastPermanentStorageDate = result.lastPermanentStorageDate();
            Uni<Void> parts = Uni.createFrom().voidItem();
            for (PackageWriter.Part part : result.parts()) {
                parts = parts.chain(() -> Panache.getSession().chain(session -> session
                        .createNativeQuery(INSERT_PART).setParameter("ref", reference)
                        .setParameter("n", part.ordinalNumber()).setParameter("name", part.name())
                        .setParameter("size", part.size()).setParameter("hash", part.hash())
                        .setParameter("encryptedSize", part.encryptedSize())
                        .setParameter("encryptedHash", part.encryptedHash())
                        .executeUpdate()).replaceWithVoid());
            }
            return parts;
        }));
    }

    private void expire() throws Throwable {
        OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
        List<String> expired = VertxContextSupport.subscribeAndAwait(() -> Panache.withSession(() ->
                Panache.getSession().chain(session -> session.createNativeQuery(EXPIRED, String.class)
                        .setParameter("now", now).getResultList())));
        for (String reference : expired) {
            writer.delete(reference);
            VertxContextSupport.subscribeAndAwait(() -> Panache.withTransaction(() ->
                    InvoiceExport.<InvoiceExport>findById(reference).invoke(export ->
                            InvoiceExports.setStatus(export, ExportStatus.EXPIRED, null))).replaceWithVoid());
        }
    }
}

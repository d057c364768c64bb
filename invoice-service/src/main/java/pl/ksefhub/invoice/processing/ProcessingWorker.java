package pl.ksefhub.invoice.processing;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.support.FailedAttempts;
import pl.ksefhub.invoice.support.WorkerThreads;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The threads that drive {@link InvoiceProcessor}: woken right after each receipt, polling as a fallback (rows
 * left by a crash or received by another replica). Durable by construction: the queue is the invoice table.
 * A batch that fails is retried one invoice at a time, so an invoice that keeps failing is found and ended with
 * 550 instead of blocking everything behind it. A failure because the database is away counts against no invoice
 * ({@link FailedAttempts}): the same invoices are simply tried again once it is back.
 */
@ApplicationScoped
public class ProcessingWorker {

    private static final Logger LOG = Logger.getLogger(ProcessingWorker.class);
    private static final int ATTEMPTS_BEFORE_CANCEL = 3;

    private final InvoiceProcessor processor;
    private final InvoiceSchemas schemas;
    private final InvoiceConfig.Processing config;
    private final AtomicInteger isolatedRounds = new AtomicInteger();
    private final FailedAttempts<Long> failedAttempts = new FailedAttempts<>(ATTEMPTS_BEFORE_CANCEL);
    private final WorkerThreads threads;

    public ProcessingWorker(InvoiceProcessor processor, InvoiceSchemas schemas, InvoiceConfig config) {
        this.processor = processor;
        this.schemas = schemas;
        this.config = config.processing();
        this.threads = new WorkerThreads("invoice-processing", this.config.workers());
    }

    void start(@Observes StartupEvent startup) {
        schemas.compileAll();
        if (!config.enabled()) {
            return;
        }
        threads.start(this::loop);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        threads.stop();
    }

    /** An invoice was received: process it now rather than at the next poll. */
    public void wake() {
        threads.wake();
    }

    private void loop() {
        while (threads.running()) {
            try {
                int limit = isolatedRounds.get() > 0 ? 1 : config.batchSize();
                int claimed = runBatch(limit);
                if (claimed < limit) {
                    threads.idle(config.pollInterval().toMillis());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private int runBatch(int limit) throws InterruptedException {
        AtomicReference<List<Long>> claimedIds = new AtomicReference<>(List.of());
        try {
            int claimed = VertxContextSupport.subscribeAndAwait(() -> processor.processBatch(limit, claimedIds::set));
            if (limit == 1) {
                isolatedRounds.updateAndGet(n -> Math.max(0, n - 1));
                claimedIds.get().forEach(failedAttempts::forget);
            }
            return claimed;
        } catch (Throwable e) {
            if (!threads.running()) {
                return 0;
            }
            List<Long> ids = claimedIds.get();
            if (!FailedAttempts.counts(e)) {
                // The database is away: no invoice is to blame; wait and try the same ones again.
                LOG.warnf("Processing of invoices %s waits for the database: %s", ids, e.toString());
            } else if (limit > 1 && !ids.isEmpty()) {
                LOG.warnf("Processing of invoices %s failed: %s", ids, e.toString());
                // Find the culprit: the next rounds take one invoice each.
                isolatedRounds.set(ids.size());
            } else if (ids.size() == 1) {
                LOG.warnf("Processing of invoice %s failed: %s", ids, e.toString());
                cancelIfHopeless(ids.get(0), e);
            }
            Thread.sleep(config.retryBackoff().toMillis());
            return limit;
        }
    }

    private void cancelIfHopeless(long invoiceRowId, Throwable failure) {
        int attempts = failedAttempts.failed(invoiceRowId, failure);
        if (attempts == 0) {
            return;
        }
        try {
            VertxContextSupport.subscribeAndAwait(() -> processor.cancel(invoiceRowId));
            failedAttempts.forget(invoiceRowId);
            LOG.errorf("Invoice row %d failed processing %d times and was cancelled (550)", invoiceRowId, attempts);
        } catch (Throwable e) {
            LOG.warnf("Cannot cancel invoice row %d: %s", invoiceRowId, e.toString());
        }
    }
}

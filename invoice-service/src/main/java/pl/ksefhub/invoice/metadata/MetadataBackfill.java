package pl.ksefhub.invoice.metadata;

import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.StartupEvent;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import org.jboss.logging.Logger;
import pl.ksefhub.invoice.config.InvoiceConfig;
import pl.ksefhub.invoice.processing.InvoiceInspection;
import pl.ksefhub.invoice.processing.InvoiceMetadataFields;
import pl.ksefhub.invoice.processing.InvoiceXmlInspector;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.platform.offload.Offload;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the metadata of invoices accepted before it was stored (V5 migration: {@code metadata_read = false}) from
 * their stored XML, in batches, once at startup. The XML was validated when it was accepted, so it is only read
 * here, not validated again. Replicas share the work ({@code FOR UPDATE SKIP LOCKED}). No {@code invoice.available}
 * is published for them: they were readable by seller and buyer before, and their third subjects learn of them
 * through the query.
 */
@ApplicationScoped
public class MetadataBackfill {

    private static final Logger LOG = Logger.getLogger(MetadataBackfill.class);
    private static final int BATCH = 200;
    private static final String CLAIM = "select * from invoice where ksef_number is not null and not metadata_read"
            + " order by id limit :limit for update skip locked";
    private static final String CONTENTS =
            "select invoice_row_id, content from invoice_content where invoice_row_id = any(cast(:ids as bigint[]))";

    private final InvoiceXmlInspector inspector;
    private final boolean enabled;

    public MetadataBackfill(InvoiceConfig config) {
        this.inspector = new InvoiceXmlInspector(config.processing().maxDetails());
        this.enabled = config.processing().enabled();
    }

    void start(@Observes StartupEvent startup) {
        if (!enabled) {
            return;
        }
        Thread thread = new Thread(this::runToCompletion, "invoice-metadata-backfill");
        thread.setDaemon(true);
        thread.start();
    }

    private void runToCompletion() {
        int total = 0;
        try {
            int done;
            do {
                done = VertxContextSupport.subscribeAndAwait(this::batch);
                total += done;
            } while (done > 0);
            if (total > 0) {
                LOG.infof("Metadata of %d invoices read from their stored XML", total);
            }
        } catch (Throwable e) {
            LOG.warnf("Metadata backfill stopped after %d invoices (it resumes at the next start): %s", total,
                    e.toString());
        }
    }

    /** One transaction: up to {@value #BATCH} invoices read and updated; returns how many. */
    public Uni<Integer> batch() {
        return Panache.withTransaction(() -> Panache.getSession().chain(session -> session
                .createNativeQuery(CLAIM, Invoice.class).setParameter("limit", BATCH).getResultList()
                .chain(claimed -> {
                    if (claimed.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return session.createNativeQuery(CONTENTS, Object[].class)
                            .setParameter("ids", claimed.stream().map(i -> i.id).toArray(Long[]::new))
                            .getResultList()
                            .chain(rows -> Offload.onWorker(() -> read(claimed, rows)))
                            .chain(thirdSubjects -> ThirdSubjectRows.insert(session, thirdSubjects))
                            .replaceWith(claimed.size());
                })));
    }

    private Map<Long, List<InvoiceMetadataFields.ThirdSubject>> read(List<Invoice> claimed, List<Object[]> rows) {
        Map<Long, byte[]> contents = new HashMap<>();
        rows.forEach(row -> contents.put(((Number) row[0]).longValue(), (byte[]) row[1]));
        Map<Long, List<InvoiceMetadataFields.ThirdSubject>> thirdSubjects = new HashMap<>();
        for (Invoice invoice : claimed) {
            byte[] xml = contents.get(invoice.id);
            // Marked read even without XML (purged content): there is nothing more to learn about it.
            invoice.metadataRead = true;
            if (xml == null) {
                continue;
            }
            InvoiceInspection inspection = inspector.inspect(xml, null);
            StoredMetadata.apply(invoice, inspection);
            thirdSubjects.put(invoice.id, inspection.metadata().thirdSubjects());
        }
        return thirdSubjects;
    }
}

package pl.ksefhub.invoice.processing;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.invoice.store.Invoice;

/**
 * The counter {@code ksef_invoices_final_total{status="200"|"440"|...}}: invoices that reached a final status, by
 * its KSeF code. Counted once the transaction that set the status has committed, so a batch rolled back and
 * processed again is not counted twice.
 */
@ApplicationScoped
public class FinalStatuses {

    private final MeterRegistry metrics;

    public FinalStatuses(MeterRegistry metrics) {
        this.metrics = metrics;
    }

    public void committed(Iterable<Invoice> invoices) {
        for (Invoice invoice : invoices) {
            if (invoice.isFinal()) {
                Counter.builder("ksef.invoices.final").description("Invoices that reached a final status")
                        .tag("status", Integer.toString(invoice.statusCode)).register(metrics).increment();
            }
        }
    }
}

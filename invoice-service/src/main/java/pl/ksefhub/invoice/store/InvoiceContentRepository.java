package pl.ksefhub.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Collection;
import java.util.List;

@ApplicationScoped
@WithSession
public class InvoiceContentRepository implements PanacheRepositoryBase<InvoiceContent, Long> {

    public Uni<List<InvoiceContent>> forInvoices(Collection<Long> invoiceRowIds) {
        return list("invoiceRowId in ?1", invoiceRowIds);
    }
}

package pl.ksefhub.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class InvoiceContentRepository implements PanacheRepositoryBase<InvoiceContent, Long> {
}

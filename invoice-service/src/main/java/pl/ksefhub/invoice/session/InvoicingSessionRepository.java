package pl.ksefhub.invoice.session;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class InvoicingSessionRepository implements PanacheRepositoryBase<InvoicingSession, String> {

    public Uni<InvoicingSession> find(String referenceNumber) {
        return findById(referenceNumber);
    }
}

package pl.ksefhub.upo.generation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class AcceptedInvoices implements PanacheRepositoryBase<AcceptedInvoice, String> {

    public Uni<Boolean> anyInSessionOf(String sessionReferenceNumber, String contextType, String contextValue) {
        return count("sessionReferenceNumber = ?1 and contextType = ?2 and contextValue = ?3",
                sessionReferenceNumber, contextType, contextValue).map(n -> n > 0);
    }
}

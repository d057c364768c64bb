package pl.ksefhub.upo.generation;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

@ApplicationScoped
@WithSession
public class KnownSessions implements PanacheRepositoryBase<KnownSession, String> {

    private final AcceptedInvoices invoices;

    public KnownSessions(AcceptedInvoices invoices) {
        this.invoices = invoices;
    }

    /**
     * True when the session exists in the caller's context, as announced by {@code session.opened} or, should that
     * event be late, by one of its accepted invoices.
     */
    public Uni<Boolean> existsInContext(String referenceNumber, String contextType, String contextValue) {
        return count("referenceNumber = ?1 and contextType = ?2 and contextValue = ?3", referenceNumber, contextType,
                contextValue)
                .chain(n -> n > 0 ? Uni.createFrom().item(true)
                        : invoices.anyInSessionOf(referenceNumber, contextType, contextValue));
    }
}

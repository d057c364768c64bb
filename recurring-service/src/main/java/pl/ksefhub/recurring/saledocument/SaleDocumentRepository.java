package pl.ksefhub.recurring.saledocument;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.recurring.access.Caller;
import pl.ksefhub.recurring.envelope.ApiRefusal;

@ApplicationScoped
@WithSession
public class SaleDocumentRepository implements PanacheRepositoryBase<SaleDocument, Long> {

    public static final String NOT_FOUND = "Nie znaleziono dokumentu sprzedaży o id %s";

    /** A sale document of the caller's context; one of another context is refused as unknown. */
    public Uni<SaleDocument> findOwned(Caller caller, long id) {
        return findById(id).map(document -> {
            if (document == null || !document.belongsTo(caller.contextType(), caller.contextValue())) {
                throw new ApiRefusal(NOT_FOUND.formatted(id));
            }
            return document;
        });
    }
}

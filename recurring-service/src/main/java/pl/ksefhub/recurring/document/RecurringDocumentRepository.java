package pl.ksefhub.recurring.document;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.LockModeType;
import pl.ksefhub.recurring.access.Caller;
import pl.ksefhub.recurring.envelope.ApiRefusal;

@ApplicationScoped
@WithSession
public class RecurringDocumentRepository implements PanacheRepositoryBase<RecurringDocument, Long> {

    /**
     * The caller's document; deleted documents and documents of another context are refused exactly like ids that
     * never existed, so ids reveal nothing across contexts.
     */
    public Uni<RecurringDocument> findOwned(Caller caller, long id, boolean lockForUpdate) {
        Uni<RecurringDocument> found = lockForUpdate ? findById(id, LockModeType.PESSIMISTIC_WRITE) : findById(id);
        return found.map(document -> {
            if (document == null || document.deletedAt != null
                    || !caller.owns(document.contextType, document.contextValue)) {
                throw ApiRefusal.documentNotFound(id);
            }
            return document;
        });
    }
}

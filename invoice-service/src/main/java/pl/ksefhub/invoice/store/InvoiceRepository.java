package pl.ksefhub.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
@WithSession
public class InvoiceRepository implements PanacheRepositoryBase<Invoice, Long> {

    public Uni<Invoice> findInSession(String sessionReferenceNumber, String referenceNumber) {
        return find("sessionReferenceNumber = ?1 and referenceNumber = ?2", sessionReferenceNumber, referenceNumber)
                .firstResult();
    }

    public Uni<Invoice> findByKsefNumber(String ksefNumber) {
        return find("ksefNumber", ksefNumber).firstResult();
    }

    /** One page of a session's invoices in ordinal order, after the given ordinal number. */
    public Uni<List<Invoice>> page(String sessionReferenceNumber, int afterOrdinal, boolean failedOnly, int limit) {
        String query = "sessionReferenceNumber = ?1 and ordinalNumber > ?2"
                + (failedOnly ? " and statusCode >= 400" : "") + " order by ordinalNumber";
        return find(query, sessionReferenceNumber, afterOrdinal).page(0, limit).list();
    }
}

package pl.ksefhub.invoice.store;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.List;

@ApplicationScoped
@WithSession
public class InvoiceRepository implements PanacheRepositoryBase<Invoice, Long> {

    private static final String THIRD_SUBJECT = "select count(*) from invoice_third_subject where invoice_row_id = :id"
            + " and ((identifier_type = 'Nip' and identifier_value = :nip)"
            + " or (identifier_type = 'InternalId' and identifier_value = :internalId))";

    public Uni<Invoice> findInSession(String sessionReferenceNumber, String referenceNumber) {
        return find("sessionReferenceNumber = ?1 and referenceNumber = ?2", sessionReferenceNumber, referenceNumber)
                .firstResult();
    }

    public Uni<Invoice> findByKsefNumber(String ksefNumber) {
        return find("ksefNumber", ksefNumber).firstResult();
    }

    /** Whether the invoice names, as a Podmiot3, the NIP or the internal id (IDWew). */
    public Uni<Boolean> hasThirdSubject(long invoiceRowId, String nip, String internalId) {
        return getSession().chain(session -> session.createNativeQuery(THIRD_SUBJECT, Long.class)
                .setParameter("id", invoiceRowId).setParameter("nip", nip).setParameter("internalId", internalId)
                .getSingleResult()
                .map(count -> count > 0));
    }

    /** One page of a session's invoices in ordinal order, after the given ordinal number. */
    public Uni<List<Invoice>> page(String sessionReferenceNumber, int afterOrdinal, boolean failedOnly, int limit) {
        String query = "sessionReferenceNumber = ?1 and ordinalNumber > ?2"
                + (failedOnly ? " and statusCode >= 400" : "") + " order by ordinalNumber";
        return find(query, sessionReferenceNumber, afterOrdinal).page(0, limit).list();
    }
}

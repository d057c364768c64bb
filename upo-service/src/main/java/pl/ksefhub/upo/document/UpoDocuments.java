package pl.ksefhub.upo.document;

import io.quarkus.hibernate.reactive.panache.PanacheRepositoryBase;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;


@ApplicationScoped
@WithSession
public class UpoDocuments implements PanacheRepositoryBase<UpoDocument, String> {

    public Uni<UpoDocument> invoiceUpo(String sessionReferenceNumber, String invoiceReferenceNumber) {
        return find("scope = ?1 and invoiceReferenceNumber = ?2 and sessionReferenceNumber = ?3",
                UpoDocument.INVOICE, invoiceReferenceNumber, sessionReferenceNumber).firstResult();
    }

    public Uni<UpoDocument> invoiceUpoByKsefNumber(String sessionReferenceNumber, String ksefNumber) {
        return find("scope = ?1 and ksefNumber = ?2 and sessionReferenceNumber = ?3",
                UpoDocument.INVOICE, ksefNumber, sessionReferenceNumber).firstResult();
    }

    public Uni<UpoDocument> sessionPage(String sessionReferenceNumber, String upoReferenceNumber) {
        return find("scope = ?1 and referenceNumber = ?2 and sessionReferenceNumber = ?3",
                UpoDocument.SESSION, upoReferenceNumber, sessionReferenceNumber).firstResult();
    }

    /** Any UPO (invoice or session page) by its own reference number: the anonymous download URL names only it. */
    public Uni<UpoDocument> byReference(String upoReferenceNumber) {
        return findById(upoReferenceNumber);
    }
}

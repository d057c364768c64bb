package pl.ksefhub.recurring.saledocument;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.recurring.events.ConsumedEvents.InvoiceAccepted;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.stream.Collectors;

/** Every accepted invoice becomes a sale document a recurring document may repeat. */
@ApplicationScoped
public class SaleDocumentProjection {

    private final SaleDocumentRepository saleDocuments;

    public SaleDocumentProjection(SaleDocumentRepository saleDocuments) {
        this.saleDocuments = saleDocuments;
    }

    /**
     * Loads the sale documents among these invoice ids into the caller's session, in one query, and says which
     * exist: a batch of events then costs no query per invoice (see {@link #accepted(InvoiceAccepted, Set)}).
     */
    public Uni<Set<Long>> preload(Collection<Long> invoiceIds) {
        if (invoiceIds.isEmpty()) {
            return Uni.createFrom().item(new HashSet<>());
        }
        return saleDocuments.list("id in ?1", invoiceIds)
                .map(found -> found.stream().map(document -> document.id)
                        .collect(Collectors.toCollection(HashSet::new)));
    }

    /** Inside the consumer's transaction; the same invoice announced again only refreshes the row. */
    public Uni<SaleDocument> accepted(InvoiceAccepted event) {
        return saleDocuments.findById(event.invoiceId()).chain(found -> apply(event, found));
    }

    /**
     * As {@link #accepted(InvoiceAccepted)}, for a batch whose documents were {@link #preload preloaded}: one not
     * among {@code stored} is new (no query to find that out), one among them comes from the session.
     */
    public Uni<SaleDocument> accepted(InvoiceAccepted event, Set<Long> stored) {
        if (stored.add(event.invoiceId())) {
            return apply(event, null);
        }
        return saleDocuments.findById(event.invoiceId()).chain(found -> apply(event, found));
    }

    private Uni<SaleDocument> apply(InvoiceAccepted event, SaleDocument found) {
        SaleDocument document = found == null ? new SaleDocument() : found;
        document.id = event.invoiceId();
        document.contextType = event.context().type();
        document.contextValue = event.context().value();
        document.ksefNumber = event.ksefNumber();
        document.invoiceNumber = event.invoiceNumber();
        document.issueDate = event.issueDate();
        document.sessionReferenceNumber = event.referenceNumber();
        document.invoiceReferenceNumber = event.invoiceReferenceNumber();
        if (event.formCode() != null) {
            document.formSystemCode = event.formCode().systemCode();
            document.formSchemaVersion = event.formCode().schemaVersion();
            document.formValue = event.formCode().value();
        }
        document.correlationId = event.correlationId();
        if (event.invoiceXml() != null) {
            document.invoiceXml = event.invoiceXml();
        }
        if (document.acceptedAt == null) {
            document.acceptedAt = OffsetDateTime.now(ZoneOffset.UTC);
        }
        return found == null ? saleDocuments.persist(document) : Uni.createFrom().item(document);
    }
}

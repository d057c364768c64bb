package pl.ksefhub.recurring.saledocument;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import pl.ksefhub.recurring.events.ConsumedEvents.InvoiceAccepted;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** Every accepted invoice becomes a sale document a recurring document may repeat. */
@ApplicationScoped
public class SaleDocumentProjection {

    private final SaleDocumentRepository saleDocuments;

    public SaleDocumentProjection(SaleDocumentRepository saleDocuments) {
        this.saleDocuments = saleDocuments;
    }

    /** Inside the consumer's transaction; the same invoice announced again only refreshes the row. */
    public Uni<SaleDocument> accepted(InvoiceAccepted event) {
        return saleDocuments.findById(event.invoiceId()).chain(found -> {
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
        });
    }
}

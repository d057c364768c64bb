package pl.ksefhub.recurring.saledocument;

import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.platform.sql.MultiRowInsert;
import pl.ksefhub.recurring.events.ConsumedEvents.InvoiceAccepted;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
     * One batch of events' sale documents: the ones stored before (loaded into the caller's session by
     * {@link #preload}) and the ones new to this service, kept here until {@link #write} inserts them together.
     */
    public static final class Batch {

        private final Set<Long> stored;
        private final Map<Long, SaleDocument> fresh = new LinkedHashMap<>();

        private Batch(Set<Long> stored) {
            this.stored = stored;
        }
    }

    /**
     * Loads the sale documents among these invoice ids into the caller's session, in one query: a batch of events
     * then costs no query per invoice (see {@link #accepted(InvoiceAccepted, Batch)}).
     */
    public Uni<Batch> preload(Collection<Long> invoiceIds) {
        if (invoiceIds.isEmpty()) {
            return Uni.createFrom().item(new Batch(new HashSet<>()));
        }
        return saleDocuments.list("id in ?1", invoiceIds)
                .map(found -> new Batch(found.stream().map(document -> document.id)
                        .collect(Collectors.toCollection(HashSet::new))));
    }

    /** Inside the consumer's transaction; the same invoice announced again only refreshes the row. */
    public Uni<SaleDocument> accepted(InvoiceAccepted event) {
        return saleDocuments.findById(event.invoiceId()).chain(found -> apply(event, found));
    }

    /**
     * As {@link #accepted(InvoiceAccepted)}, for a batch whose documents were {@link #preload preloaded}: one stored
     * before comes from the session (and is updated at commit, as an entity); one new to this service is kept in
     * the batch, without a statement, until {@link #write}; announced twice in the batch, it is refreshed there.
     */
    public Uni<SaleDocument> accepted(InvoiceAccepted event, Batch batch) {
        SaleDocument pending = batch.fresh.get(event.invoiceId());
        if (pending != null) {
            return Uni.createFrom().item(fill(pending, event));
        }
        if (batch.stored.contains(event.invoiceId())) {
            return saleDocuments.findById(event.invoiceId()).chain(found -> apply(event, found));
        }
        SaleDocument document = fill(new SaleDocument(), event);
        batch.fresh.put(document.id, document);
        return Uni.createFrom().item(document);
    }

    /**
     * Inserts the batch's new sale documents, one statement for all, on {@code session} (the consumer's
     * transaction's: they commit with its processed-event marks), and forgets them. Before anything of the
     * transaction that may read or delete them (a session's purge) and before it commits.
     */
    public Uni<Void> write(Mutiny.Session session, Batch batch) {
        if (batch.fresh.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        List<SaleDocument> rows = List.copyOf(batch.fresh.values());
        return INSERT.insert(session, rows).invoke(inserted -> {
            batch.fresh.clear();
            rows.forEach(row -> batch.stored.add(row.id));
        }).replaceWithVoid();
    }

    private static final MultiRowInsert<SaleDocument> INSERT = MultiRowInsert.<SaleDocument>into("sale_document")
            .bigint("id", document -> document.id)
            .text("context_type", document -> document.contextType)
            .text("context_value", document -> document.contextValue)
            .text("ksef_number", document -> document.ksefNumber)
            .text("invoice_number", document -> document.invoiceNumber)
            .date("issue_date", document -> document.issueDate)
            .text("session_reference_number", document -> document.sessionReferenceNumber)
            .text("invoice_reference_number", document -> document.invoiceReferenceNumber)
            .text("form_system_code", document -> document.formSystemCode)
            .text("form_schema_version", document -> document.formSchemaVersion)
            .text("form_value", document -> document.formValue)
            .text("correlation_id", document -> document.correlationId)
            .text("invoice_xml", document -> document.invoiceXml)
            .timestamptz("accepted_at", document -> document.acceptedAt)
            .build();

    private Uni<SaleDocument> apply(InvoiceAccepted event, SaleDocument found) {
        SaleDocument document = fill(found == null ? new SaleDocument() : found, event);
        return found == null ? saleDocuments.persist(document) : Uni.createFrom().item(document);
    }

    /** The event's fields onto the document; its first acceptance time stays. */
    private static SaleDocument fill(SaleDocument document, InvoiceAccepted event) {
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
        return document;
    }
}

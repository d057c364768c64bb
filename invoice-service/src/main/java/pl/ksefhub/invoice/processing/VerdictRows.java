package pl.ksefhub.invoice.processing;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.platform.sql.MultiRowUpdate;

import java.util.List;

/**
 * Writes what processing decided for a batch of invoices into their rows with one statement: the status, what was
 * read from the XML (InvoiceProcessor's {@code apply}, {@code StoredMetadata}) and, for the accepted, their KSeF
 * data. The claimed invoices are read-only in the session, so Hibernate neither dirty-checks their forty-odd
 * columns at every flush of the batch nor sends an update per invoice. A column processing sets goes here too.
 */
final class VerdictRows {

    private static final MultiRowUpdate<Invoice> UPDATE = MultiRowUpdate.<Invoice>of("invoice", "id", i -> i.id)
            .integer("status_code", i -> i.statusCode)
            .text("status_description", i -> i.statusDescription)
            .text("status_details", i -> i.statusDetails)
            .text("status_extensions", i -> i.statusExtensions)
            .text("invoicing_mode", i -> i.invoicingMode)
            .text("seller_nip", i -> i.sellerNip)
            .text("buyer_nip", i -> i.buyerNip)
            .text("invoice_type", i -> i.invoiceType)
            .text("invoice_number", i -> i.invoiceNumber)
            .date("issue_date", i -> i.issueDate)
            .bool("metadata_read", i -> i.metadataRead)
            .bool("has_attachment", i -> i.hasAttachment)
            .text("seller_name", i -> i.sellerName)
            .text("buyer_identifier_type", i -> i.buyerIdentifierType)
            .text("buyer_identifier_value", i -> i.buyerIdentifierValue)
            .text("buyer_name", i -> i.buyerName)
            .text("currency", i -> i.currency)
            .numeric("net_amount", i -> i.netAmount)
            .numeric("vat_amount", i -> i.vatAmount)
            .numeric("gross_amount", i -> i.grossAmount)
            .bool("self_invoicing", i -> i.selfInvoicing)
            .text("authorized_nip", i -> i.authorizedNip)
            .text("authorized_name", i -> i.authorizedName)
            .integer("authorized_role", i -> i.authorizedRole)
            .bigint("invoice_id", i -> i.invoiceId)
            .text("ksef_number", i -> i.ksefNumber)
            .timestamptz("acquisition_date", i -> i.acquisitionDate)
            .timestamptz("permanent_storage_date", i -> i.permanentStorageDate)
            .text("form_system_code", i -> i.formSystemCode)
            .text("form_schema_version", i -> i.formSchemaVersion)
            .text("form_value", i -> i.formValue)
            .build();

    private VerdictRows() {
    }

    /** On the batch's own session, before anything reads the statuses back (settlement counts them). */
    static Uni<Void> write(Mutiny.Session session, List<Invoice> decided) {
        return UPDATE.update(session, decided).chain(updated -> updated == decided.size()
                ? Uni.createFrom().voidItem()
                : Uni.createFrom().failure(new IllegalStateException(
                        "wrote " + updated + " of " + decided.size() + " claimed invoice rows")));
    }
}

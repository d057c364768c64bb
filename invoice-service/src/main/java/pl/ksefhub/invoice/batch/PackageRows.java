package pl.ksefhub.invoice.batch;

import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;
import pl.ksefhub.invoice.store.Invoice;
import pl.ksefhub.invoice.store.InvoiceContent;
import pl.ksefhub.invoice.store.SequenceValues;
import pl.ksefhub.platform.sql.MultiRowInsert;

import java.util.ArrayList;
import java.util.List;

/**
 * A chunk of a package's files as rows: its {@code invoice} rows in one statement and its {@code invoice_content}
 * rows in as few as their size allows, on the session of the chunk's transaction. One entity persist per file was
 * two statements and two round trips each (an identity id comes back only one insert at a time): 10,000 files took
 * 36 s to store on two cores, while processing waited for them.
 */
final class PackageRows {

    /**
     * What a file's invoice row holds until it is processed; the other columns keep their defaults (null, or false
     * for the metadata flags, as for an invoice sent online).
     */
    private static final MultiRowInsert<Invoice> INVOICES = MultiRowInsert.<Invoice>into("invoice")
            .bigint("id", invoice -> invoice.id)
            .text("reference_number", invoice -> invoice.referenceNumber)
            .text("session_reference_number", invoice -> invoice.sessionReferenceNumber)
            .integer("ordinal_number", invoice -> invoice.ordinalNumber)
            .text("invoice_hash", invoice -> invoice.invoiceHash)
            .bigint("invoice_size", invoice -> invoice.invoiceSize)
            .text("encrypted_invoice_hash", invoice -> invoice.encryptedInvoiceHash)
            .bigint("encrypted_invoice_size", invoice -> invoice.encryptedInvoiceSize)
            .bool("offline_mode", invoice -> invoice.offlineMode)
            .bool("decryption_failed", invoice -> invoice.decryptionFailed)
            .timestamptz("invoicing_date", invoice -> invoice.invoicingDate)
            .text("invoice_file_name", invoice -> invoice.invoiceFileName)
            .integer("status_code", invoice -> invoice.statusCode)
            .text("status_description", invoice -> invoice.statusDescription)
            .text("status_details", invoice -> invoice.statusDetails)
            .text("invoicing_mode", invoice -> invoice.invoicingMode)
            .build();

    private static final MultiRowInsert<InvoiceContent> CONTENTS = MultiRowInsert.<InvoiceContent>into(
                    "invoice_content")
            .bigint("invoice_row_id", content -> content.invoiceRowId)
            .bytea("content", content -> content.content)
            .build();

    /**
     * At most this much XML per content statement: a chunk of 500 files of 175 kB is 87 MB, and one statement of it
     * (as base64 text, then encoded by the driver) would need several times that in a service's 384 MB heap.
     */
    private static final long CONTENT_BYTES_PER_STATEMENT = 4L * 1024 * 1024;

    private PackageRows() {
    }

    /**
     * Gives each invoice its row id and inserts the invoices, then the contents of those not final already (a file
     * refused as too large is never read, so its XML is not kept).
     *
     * @param contents each invoice's XML, in the order of {@code invoices}
     */
    static Uni<Void> insert(Mutiny.Session session, List<Invoice> invoices, List<byte[]> contents) {
        if (invoices.isEmpty()) {
            return Uni.createFrom().voidItem();
        }
        // The row ids first: the content rows name them.
        return SequenceValues.next(session, SequenceValues.INVOICE_ROW_IDS, invoices.size())
                .chain(ids -> {
                    for (int i = 0; i < invoices.size(); i++) {
                        invoices.get(i).id = ids.get(i);
                    }
                    Uni<Void> written = INVOICES.insert(session, invoices).replaceWithVoid();
                    for (List<InvoiceContent> statement : contentStatements(invoices, contents)) {
                        written = written.chain(() -> CONTENTS.insert(session, statement)).replaceWithVoid();
                    }
                    return written;
                });
    }

    /** The content rows cut into statements of at most {@link #CONTENT_BYTES_PER_STATEMENT} (one row at least). */
    static List<List<InvoiceContent>> contentStatements(List<Invoice> invoices, List<byte[]> contents) {
        List<List<InvoiceContent>> statements = new ArrayList<>();
        List<InvoiceContent> current = new ArrayList<>();
        long bytes = 0;
        for (int i = 0; i < invoices.size(); i++) {
            Invoice invoice = invoices.get(i);
            if (invoice.isFinal()) {
                continue;
            }
            byte[] content = contents.get(i);
            if (!current.isEmpty() && bytes + content.length > CONTENT_BYTES_PER_STATEMENT) {
                statements.add(current);
                current = new ArrayList<>();
                bytes = 0;
            }
            current.add(InvoiceContent.of(invoice.id, content));
            bytes += content.length;
        }
        if (!current.isEmpty()) {
            statements.add(current);
        }
        return statements;
    }
}

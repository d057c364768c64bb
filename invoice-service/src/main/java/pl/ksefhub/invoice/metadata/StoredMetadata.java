package pl.ksefhub.invoice.metadata;

import pl.ksefhub.invoice.processing.InvoiceInspection;
import pl.ksefhub.invoice.processing.InvoiceMetadataFields;
import pl.ksefhub.invoice.store.Invoice;

/**
 * Copies what InvoiceMetadata shows from an inspection into the invoice row, cut to the column sizes (the schema
 * allows longer names than the 512 the spec's InvoiceMetadata shows). Used by processing and by the backfill.
 */
public final class StoredMetadata {

    private StoredMetadata() {
    }

    public static void apply(Invoice invoice, InvoiceInspection inspection) {
        InvoiceMetadataFields metadata = inspection.metadata();
        invoice.metadataRead = true;
        invoice.hasAttachment = inspection.hasAttachment();
        invoice.sellerName = truncate(metadata.sellerName(), 512);
        invoice.buyerIdentifierType = metadata.buyer().identifierType();
        invoice.buyerIdentifierValue = truncate(metadata.buyer().identifierValue(), 50);
        invoice.buyerName = truncate(metadata.buyer().name(), 512);
        invoice.currency = truncate(metadata.currency(), 3);
        invoice.netAmount = metadata.netAmount();
        invoice.vatAmount = metadata.vatAmount();
        invoice.grossAmount = metadata.grossAmount();
        invoice.selfInvoicing = metadata.selfInvoicing();
        InvoiceMetadataFields.AuthorizedSubject authorized = metadata.authorized();
        invoice.authorizedNip = authorized == null ? null : truncate(authorized.nip(), 10);
        invoice.authorizedName = authorized == null ? null : truncate(authorized.name(), 512);
        invoice.authorizedRole = authorized == null ? null : authorized.role();
    }

    private static String truncate(String value, int max) {
        return ThirdSubjectRows.truncate(value, max);
    }
}

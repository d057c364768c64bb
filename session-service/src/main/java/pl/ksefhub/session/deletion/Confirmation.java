package pl.ksefhub.session.deletion;

/**
 * The purge confirmations a session's deletion waits for, one per service that holds rows of sessions, each with
 * the {@code ksef_session} flag (entity field) it sets. A service added to the purge adds its confirmation here.
 */
public enum Confirmation {

    /** invoice-service: invoices, their content, the session's wrapped key ({@code ksef.invoice.events}). */
    INVOICES("ksef.session.invoices-purged.v1", "invoicesPurged"),
    /** upo-service: UPO documents, its invoice and session projections ({@code ksef.upo.events}). */
    UPOS("ksef.session.upos-purged.v1", "uposPurged"),
    /** recurring-service: the sale-document projection of the session's invoices ({@code ksef.recurring.events}). */
    SALE_DOCUMENTS("ksef.session.sale-documents-purged.v1", "saleDocumentsPurged");

    private final String eventType;
    private final String field;

    Confirmation(String eventType, String field) {
        this.eventType = eventType;
        this.field = field;
    }

    public String eventType() {
        return eventType;
    }

    String field() {
        return field;
    }

    /** What every confirmation carries that session-service reads (tolerant reader). */
    public record Purged(String referenceNumber) {
    }
}

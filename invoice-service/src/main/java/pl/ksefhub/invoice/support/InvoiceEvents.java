package pl.ksefhub.invoice.support;

/** The topics this service publishes to and consumes from (see docs/EVENTS.md). */
public final class InvoiceEvents {

    /** Everything invoice-service publishes; key = the session reference number. */
    public static final String TOPIC = "ksef.invoice.events";

    private InvoiceEvents() {
    }
}

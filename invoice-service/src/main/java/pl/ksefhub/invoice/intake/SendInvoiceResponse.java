package pl.ksefhub.invoice.intake;

/** The spec's {@code SendInvoiceResponse}: the invoice's {@code EE} reference number. */
public record SendInvoiceResponse(String referenceNumber) {
}

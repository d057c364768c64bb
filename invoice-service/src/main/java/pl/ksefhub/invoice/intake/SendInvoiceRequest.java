package pl.ksefhub.invoice.intake;

/** The spec's {@code SendInvoiceRequest}; boxed types so that a missing field is told apart from a zero. */
public record SendInvoiceRequest(String invoiceHash, Long invoiceSize, String encryptedInvoiceHash,
                                 Long encryptedInvoiceSize, String encryptedInvoiceContent, Boolean offlineMode,
                                 String hashOfCorrectedInvoice) {
}

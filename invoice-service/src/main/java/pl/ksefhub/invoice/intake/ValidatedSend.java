package pl.ksefhub.invoice.intake;

/** A send request whose fields are all present and well-formed, with the ciphertext decoded. */
record ValidatedSend(String invoiceHash, long invoiceSize, String encryptedInvoiceHash, long encryptedInvoiceSize,
                     byte[] ciphertext, boolean offlineMode, String hashOfCorrectedInvoice) {
}

package pl.ksefhub.invoice.session;

/** How the session's owner authenticated; feeds the UPO's {@code Uwierzytelnienie}. */
public record Authentication(String referenceNumber, String ksefTokenReferenceNumber, String authDocumentHash) {
}

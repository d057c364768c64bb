package pl.ksefhub.invoice.session;

/** The KSeF context a session (and its invoices) belongs to: {@code Nip}, {@code InternalId}, ... */
public record ContextIdentifier(String type, String value) {
}

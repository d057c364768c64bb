package pl.ksefhub.platform.identifiers;

/**
 * The spec's context identifier ({@code AuthenticationContextIdentifier}, and the {@code contextIdentifier} of every
 * event): {@code Nip}, {@code InternalId}, {@code NipVatUe}, {@code PeppolId}, ... and its value. One record for the
 * API and every service's events, which all carry it in this shape.
 */
public record ContextIdentifier(String type, String value) {
}

package pl.ksefhub.upo.document;

/**
 * A signed UPO as served: the exact bytes (never re-serialised, or the signature breaks) and their SHA-256, the
 * {@code x-ms-meta-hash} header value.
 */
public record SignedUpo(byte[] content, String sha256Base64) {
}

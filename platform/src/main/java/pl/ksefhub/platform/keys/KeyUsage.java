package pl.ksefhub.platform.keys;

/** The usages of {@code GET /security/public-key-certificates}; each usage has its own key pair. */
public enum KeyUsage {
    KsefTokenEncryption("ksef-token-encryption"),
    SymmetricKeyEncryption("symmetric-key-encryption");

    private final String fileName;

    KeyUsage(String fileName) {
        this.fileName = fileName;
    }

    public String fileName() {
        return fileName;
    }
}

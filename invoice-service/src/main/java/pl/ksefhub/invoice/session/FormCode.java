package pl.ksefhub.invoice.session;

/** The invoice schema a session was opened for, e.g. {@code FA (3)} / {@code 1-0E} / {@code FA}. */
public record FormCode(String systemCode, String schemaVersion, String value) {

    @Override
    public String toString() {
        return systemCode + " " + schemaVersion + " " + value;
    }
}

package pl.ksefhub.recurring.access;

/** Who calls the recurring-documents API: every document belongs to exactly this context. */
public record Caller(String contextType, String contextValue) {

    public boolean owns(String type, String value) {
        return contextType.equals(type) && contextValue.equals(value);
    }
}

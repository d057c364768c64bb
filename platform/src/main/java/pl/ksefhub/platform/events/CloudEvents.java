package pl.ksefhub.platform.events;

/** CloudEvents 1.0 Kafka binary-mode header names (the {@code ce_} prefix). */
public final class CloudEvents {

    public static final String SPEC_VERSION = "ce_specversion";
    public static final String ID = "ce_id";
    public static final String TYPE = "ce_type";
    public static final String SOURCE = "ce_source";
    public static final String SUBJECT = "ce_subject";
    public static final String TIME = "ce_time";
    public static final String CONTENT_TYPE = "content-type";

    private CloudEvents() {
    }
}
